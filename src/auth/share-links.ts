/**
 * Share links: a capability to one file or folder of a pool, for people without an account. A
 * download link shows its item (a folder is browsed, its files previewed and downloaded); a drop
 * link only takes uploads into its folder and shows nothing. Either may need a password, expire,
 * and (download links) stop after a number of downloads. A link acts with its creator's rights, so
 * it stops working when the creator can no longer read the item, is disabled or removed.
 *
 * A password is checked once; the visitor then holds a grant (an HMAC of the link and its
 * password hash under a node key), so a changed password or a revoked link voids every grant.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { LOCAL_ADMIN, type Actor } from '../core/actor.js';
import { GoneError, InvalidInputError, NotFoundError, UnauthorizedError } from '../core/errors.js';
import { FailureLimiter } from '../core/failure-limiter.js';
import { joinPath, normalizePath } from '../core/names.js';
import type { Entry, ShareLink, ShareLinkKind } from '../meta/index.js';
import type { FileService } from '../pool/index.js';
import type { AuthContext } from './context.js';
import { hashPassword, verifyPassword } from './password-hash.js';

export interface NewLinkOptions {
  kind: ShareLinkKind;
  password?: string;
  /** ms since epoch. */
  expiresAt?: number;
  maxDownloads?: number;
  maxUploadBytes?: number;
}

/** A link that works now, with what it reaches. */
export interface OpenLink {
  link: ShareLink;
  poolName: string;
  /** Its creator, whose rights it uses. */
  actor: Actor;
  root: Entry;
}

const MIN_LINK_PASSWORD = 8;
const KEY_SETTING = 'share_link_key';

export class ShareLinkService {
  /** Per link and address: a link's password cannot be guessed quickly from one place. */
  private readonly guesses: FailureLimiter;

  constructor(
    private readonly ctx: AuthContext,
    private readonly files: FileService,
  ) {
    this.guesses = new FailureLimiter({ attempts: ctx.policy.loginAttempts, windowMs: ctx.policy.loginWindowSeconds * 1000, now: ctx.now });
  }

  async create(poolName: string, path: string, actor: Actor, options: NewLinkOptions): Promise<ShareLink> {
    this.checkOptions(options);
    const pool = this.ctx.pools.get(poolName, actor, options.kind === 'drop' ? 'write' : 'read');
    const entry = this.files.stat(pool.name, path, actor);
    if (options.kind === 'drop' && entry.kind !== 'dir') throw new InvalidInputError('a file drop link needs a folder to drop into');
    const passwordHash = options.password === undefined ? undefined : await hashPassword(options.password);
    const link = {
      token: randomBytes(18).toString('base64url'),
      kind: options.kind,
      poolId: pool.id,
      path: entry.path,
      createdBy: actor.userId,
      createdAt: this.ctx.now(),
      expiresAt: options.expiresAt,
      passwordHash,
      maxDownloads: options.kind === 'download' ? options.maxDownloads : undefined,
      maxUploadBytes: options.kind === 'drop' ? options.maxUploadBytes : undefined,
    };
    return this.ctx.meta.commit(() => this.ctx.meta.shareLinks.create(link));
  }

  /** The links the actor created (an administrator sees every link). */
  list(actor: Actor): ShareLink[] {
    return this.ctx.meta.shareLinks.list(actor.admin ? undefined : actor.userId);
  }

  async revoke(id: number, actor: Actor): Promise<void> {
    const link = this.ctx.meta.shareLinks.byId(id);
    if (link === undefined || (!actor.admin && link.createdBy !== actor.userId)) throw new NotFoundError(`no share link ${id}`);
    await this.ctx.meta.commit(() => this.ctx.meta.shareLinks.delete(id));
  }

  /** The pool name a link points into (for the link manager). */
  poolNameOf(link: ShareLink): string | undefined {
    const pool = this.ctx.meta.pools.byId(link.poolId);
    return pool === undefined || pool.deletedAt !== undefined ? undefined : pool.name;
  }

  /** A link that works now; unknown, revoked and broken links are all "not found", expired ones gone. */
  open(token: string): OpenLink {
    const link = this.ctx.meta.shareLinks.byToken(token);
    if (link === undefined) throw new NotFoundError('no such link (it may have been removed)');
    if (link.expiresAt !== undefined && link.expiresAt <= this.ctx.now()) throw new GoneError('this link has expired');
    const actor = this.creatorOf(link);
    const poolName = this.poolNameOf(link);
    if (actor === undefined || poolName === undefined) throw new NotFoundError('no such link (it may have been removed)');
    return { link, poolName, actor, root: this.files.stat(poolName, link.path, actor) };
  }

  /** Whose rights the link uses, while that account is active. */
  private creatorOf(link: ShareLink): Actor | undefined {
    if (link.createdBy === undefined) return LOCAL_ADMIN;
    const user = this.ctx.meta.users.byId(link.createdBy);
    return user === undefined || user.disabled ? undefined : { userId: user.id, name: user.name, admin: user.role === 'admin' };
  }

  /** A path inside the link's item ('' is the item itself); nothing outside it can be named. */
  pathWithin(open: OpenLink, subPath: string): string {
    const sub = normalizePath(subPath);
    return sub === '' ? open.link.path : joinPath(open.link.path, sub);
  }

  /** Checks the password and returns the grant the visitor keeps. */
  async unlock(open: OpenLink, password: string, address: string): Promise<string> {
    const key = `${open.link.id}:${address}`;
    this.guesses.assertAllowed(key);
    if (open.link.passwordHash === undefined || !(await verifyPassword(password, open.link.passwordHash))) {
      this.guesses.recordFailure(key);
      throw new UnauthorizedError('wrong password for this link');
    }
    this.guesses.recordSuccess(key);
    return this.grantFor(open.link);
  }

  /** Throws unless the link needs no password or `grant` is the one unlock() gave. */
  assertUnlocked(open: OpenLink, grant: string | undefined): void {
    if (open.link.passwordHash === undefined) return;
    const expected = Buffer.from(this.grantFor(open.link));
    const given = Buffer.from(grant ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UnauthorizedError('this link needs its password');
  }

  /** Counts one download; GoneError when the link's downloads are used up. */
  async countDownload(open: OpenLink): Promise<void> {
    if (!(await this.ctx.meta.commit(() => this.ctx.meta.shareLinks.countDownload(open.link.id)))) throw new GoneError('this link has reached its download limit');
  }

  async countUpload(open: OpenLink): Promise<void> {
    await this.ctx.meta.commit(() => this.ctx.meta.shareLinks.countUpload(open.link.id));
  }

  private grantFor(link: ShareLink): string {
    return createHmac('sha256', this.grantKey()).update(`${link.id}:${link.token}:${link.passwordHash ?? ''}`).digest('base64url');
  }

  /** The node's key for grants, made on first use and kept in the database. */
  private grantKey(): Buffer {
    const { settings } = this.ctx.meta;
    let hex = settings.get(KEY_SETTING);
    if (hex === undefined) {
      hex = randomBytes(32).toString('hex');
      settings.set(KEY_SETTING, hex);
    }
    return Buffer.from(hex, 'hex');
  }

  private checkOptions(options: NewLinkOptions): void {
    if (options.password !== undefined && [...options.password].length < MIN_LINK_PASSWORD) throw new InvalidInputError(`a link password needs at least ${MIN_LINK_PASSWORD} characters`);
    if (options.expiresAt !== undefined && options.expiresAt <= this.ctx.now()) throw new InvalidInputError('the expiry date must be in the future');
    if (options.kind === 'drop' && options.maxDownloads !== undefined) throw new InvalidInputError('a file drop link has no downloads to limit');
    if (options.kind === 'download' && options.maxUploadBytes !== undefined) throw new InvalidInputError('only a file drop link takes uploads');
  }
}
