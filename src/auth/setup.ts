/**
 * First run. Until an administrator exists, the node holds a one-time setup token (printed at
 * start as a URL); whoever presents it may create the first administrator. The token is stored
 * hashed and is gone once used.
 */
import { timingSafeEqual } from 'node:crypto';
import { LOCAL_ADMIN } from '../core/actor.js';
import { ConflictError, UnauthorizedError } from '../core/errors.js';
import type { AccountService, UserView } from './accounts.js';
import type { AuthContext } from './context.js';
import { hashSecret, newSecret } from './secrets.js';

const SETTING = 'setup_token_hash';

export class SetupService {
  constructor(
    private readonly ctx: AuthContext,
    private readonly accounts: AccountService,
  ) {}

  isNeeded(): boolean {
    return !this.ctx.meta.users.all().some((u) => u.role === 'admin');
  }

  /** A new setup token (the previous one stops working); undefined once set up. */
  async issueToken(): Promise<string | undefined> {
    const { meta } = this.ctx;
    if (!this.isNeeded()) {
      await meta.commit(() => meta.settings.delete(SETTING));
      return undefined;
    }
    const token = newSecret('kith_setup');
    await meta.commit(() => meta.settings.set(SETTING, hashSecret(token).toString('hex')));
    return token;
  }

  async complete(token: string, name: string, password: string): Promise<UserView> {
    if (!this.isNeeded()) throw new ConflictError('this node is already set up');
    const stored = this.ctx.meta.settings.get(SETTING);
    if (!stored || !timingSafeEqual(hashSecret(token), Buffer.from(stored, 'hex'))) {
      throw new UnauthorizedError('the setup token is wrong or was already used');
    }
    const admin = await this.accounts.create({ name, password, role: 'admin' }, LOCAL_ADMIN);
    await this.ctx.meta.commit(() => this.ctx.meta.settings.delete(SETTING));
    return admin;
  }
}
