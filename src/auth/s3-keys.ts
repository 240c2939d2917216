/**
 * S3 access keys: an access key id (public, like a user name) and a secret key per key, many per
 * user. Signature V4 computes an HMAC with the secret itself, so the node keeps it — sealed with
 * the node's secret box — rather than a hash of it as for tokens.
 */
import { randomBytes } from 'node:crypto';
import type { Actor } from '../core/actor.js';
import { ForbiddenError, NotFoundError } from '../core/errors.js';
import type { S3Key } from '../meta/index.js';
import type { AuthContext } from './context.js';

export interface S3KeyView {
  accessKeyId: string;
  createdAt: number;
  lastUsedAt: number | undefined;
}

const TOUCH_INTERVAL_MS = 60_000;
// Access key ids look like AWS's (20 characters, upper case and digits), which some tools check.
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export class S3KeyService {
  constructor(private readonly ctx: AuthContext) {}

  /** A new key for `userId`; the secret is returned this once. */
  async create(userId: number, actor: Actor): Promise<{ key: S3KeyView; secretAccessKey: string }> {
    assertMayManage(userId, actor);
    const accessKeyId = `GK${[...randomBytes(18)].map((b) => ID_ALPHABET[b % 32]).join('')}`;
    const secretAccessKey = randomBytes(30).toString('base64url');
    const createdAt = this.ctx.now();
    await this.ctx.meta.commit(() => this.ctx.meta.s3Keys.insert({ accessKeyId, userId, sealedSecret: this.ctx.secrets.seal(secretAccessKey), createdAt }));
    return { key: { accessKeyId, createdAt, lastUsedAt: undefined }, secretAccessKey };
  }

  list(userId: number, actor: Actor): S3KeyView[] {
    assertMayManage(userId, actor);
    return this.ctx.meta.s3Keys.forUser(userId).map(view);
  }

  async revoke(userId: number, accessKeyId: string, actor: Actor): Promise<void> {
    assertMayManage(userId, actor);
    if (!(await this.ctx.meta.commit(() => this.ctx.meta.s3Keys.delete(userId, accessKeyId)))) throw new NotFoundError(`no S3 key ${accessKeyId}`);
  }

  /** The secret and the user of a key, for checking a signature; undefined for unknown keys and disabled users. */
  resolve(accessKeyId: string): { secret: string; actor: Actor; key: S3Key } | undefined {
    const key = this.ctx.meta.s3Keys.byAccessKeyId(accessKeyId);
    if (!key) return undefined;
    const user = this.ctx.meta.users.byId(key.userId);
    if (!user || user.disabled) return undefined;
    return { secret: this.ctx.secrets.open(key.sealedSecret), actor: { userId: user.id, name: user.name, admin: user.role === 'admin' }, key };
  }

  /** Records use, at most once a minute per key (a database write per request would be waste). */
  touch(key: S3Key): void {
    const now = this.ctx.now();
    if (!key.lastUsedAt || now - key.lastUsedAt > TOUCH_INTERVAL_MS) this.ctx.meta.s3Keys.touch(key.id, now);
  }
}

function assertMayManage(userId: number, actor: Actor): void {
  if (!actor.admin && actor.userId !== userId) throw new ForbiddenError("only an administrator may manage another user's S3 keys");
}

const view = (k: S3Key): S3KeyView => ({ accessKeyId: k.accessKeyId, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt });
