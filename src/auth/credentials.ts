/**
 * Logging in and proving who you are: browser sessions, named API tokens (app passwords), and the
 * node-local administrator credential that the running node leaves in its data directory for the
 * CLI on the same machine.
 */
import { timingSafeEqual } from 'node:crypto';
import { LOCAL_ADMIN, type Actor } from '../core/actor.js';
import { AlreadyExistsError, InvalidInputError, NotFoundError, UnauthorizedError } from '../core/errors.js';
import type { Session, Token, User } from '../meta/index.js';
import type { AuthContext } from './context.js';
import { FailureLimiter } from '../core/failure-limiter.js';
import { verifyPassword } from './password-hash.js';
import { hashSecret, newSecret } from './secrets.js';

export interface ClientInfo {
  address?: string;
  userAgent?: string;
}

export interface NewSession {
  secret: string;
  session: Session;
  user: User;
}

// Verifying against this keeps the time of a login for an unknown user like that of a wrong password.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

const SESSION_TOUCH_INTERVAL_MS = 60_000;
const MAX_LABEL = 100;
const ADDRESS_ALLOWANCE = 4;

export class CredentialService {
  private readonly perUser: FailureLimiter;
  private readonly perAddress: FailureLimiter;
  private localAdminHash: Buffer | undefined;

  constructor(private readonly ctx: AuthContext) {
    const windowMs = ctx.policy.loginWindowSeconds * 1000;
    this.perUser = new FailureLimiter({ attempts: ctx.policy.loginAttempts, windowMs, now: ctx.now });
    // A household or office shares one address: allow it more failures than one account.
    this.perAddress = new FailureLimiter({ attempts: ctx.policy.loginAttempts * ADDRESS_ALLOWANCE, windowMs, now: ctx.now });
  }

  async login(name: string, password: string, client: ClientInfo): Promise<NewSession> {
    const address = client.address ?? '?';
    this.perUser.assertAllowed(name);
    this.perAddress.assertAllowed(address);
    const user = this.ctx.meta.users.byName(name);
    const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !valid || user.disabled) {
      this.perUser.recordFailure(name);
      this.perAddress.recordFailure(address);
      this.ctx.log.warn({ user: name, address: client.address }, 'failed login');
      throw new UnauthorizedError('wrong user name or password');
    }
    this.perUser.recordSuccess(name);
    return this.startSession(user, client);
  }

  async startSession(user: User, client: ClientInfo): Promise<NewSession> {
    const secret = newSecret('kith_s');
    const now = this.ctx.now();
    const session: Omit<Session, 'id'> = {
      userId: user.id,
      createdAt: now,
      expiresAt: now + this.ctx.policy.sessionTtlSeconds * 1000,
      lastSeenAt: now,
      userAgent: client.userAgent?.slice(0, 300),
      address: client.address,
    };
    const id = await this.ctx.meta.commit(() => this.ctx.meta.sessions.insert(hashSecret(secret), session));
    return { secret, session: { id, ...session }, user };
  }

  authenticateSession(secret: string): { actor: Actor; session: Session } | undefined {
    const session = this.ctx.meta.sessions.bySecret(hashSecret(secret));
    if (!session) return undefined;
    const now = this.ctx.now();
    if (session.expiresAt < now) {
      this.ctx.meta.sessions.delete(session.userId, session.id);
      return undefined;
    }
    const actor = this.activeUser(session.userId);
    if (!actor) return undefined;
    // Writing on every request would make each read a database write; once a minute is enough.
    if (now - session.lastSeenAt > SESSION_TOUCH_INTERVAL_MS) this.ctx.meta.sessions.touch(session.id, now);
    return { actor, session };
  }

  /** A bearer token, or a Basic-auth password with its user name (which must match the token's user). */
  authenticateToken(secret: string, userName?: string): Actor | undefined {
    if (this.isLocalAdmin(secret)) return userName === undefined || userName === LOCAL_ADMIN.name ? LOCAL_ADMIN : undefined;
    const token = this.ctx.meta.tokens.bySecret(hashSecret(secret));
    if (!token) return undefined;
    const actor = this.activeUser(token.userId);
    if (!actor || (userName !== undefined && userName !== actor.name)) return undefined;
    const now = this.ctx.now();
    if (!token.lastUsedAt || now - token.lastUsedAt > SESSION_TOUCH_INTERVAL_MS) this.ctx.meta.tokens.touch(token.id, now);
    return actor;
  }

  async logout(secret: string): Promise<void> {
    const session = this.ctx.meta.sessions.bySecret(hashSecret(secret));
    if (session) await this.ctx.meta.commit(() => this.ctx.meta.sessions.delete(session.userId, session.id));
  }

  listSessions(userId: number): Session[] {
    return this.ctx.meta.sessions.forUser(userId);
  }

  async revokeSession(userId: number, id: number): Promise<void> {
    if (!(await this.ctx.meta.commit(() => this.ctx.meta.sessions.delete(userId, id)))) throw new NotFoundError(`no session ${id}`);
  }

  async createToken(userId: number, label: string): Promise<{ secret: string; token: Token }> {
    const trimmed = label.trim();
    if (trimmed === '' || trimmed.length > MAX_LABEL) throw new InvalidInputError(`a token label must have 1 to ${MAX_LABEL} characters`);
    const secret = newSecret('kith_t');
    const createdAt = this.ctx.now();
    const id = await this.ctx.meta.commit(() => {
      if (this.ctx.meta.tokens.byLabel(userId, trimmed)) throw new AlreadyExistsError(`a token named "${trimmed}" already exists`);
      return this.ctx.meta.tokens.insert(hashSecret(secret), { userId, label: trimmed, createdAt });
    });
    return { secret, token: { id, userId, label: trimmed, createdAt, lastUsedAt: undefined } };
  }

  listTokens(userId: number): Token[] {
    return this.ctx.meta.tokens.forUser(userId);
  }

  async revokeToken(userId: number, id: number): Promise<void> {
    if (!(await this.ctx.meta.commit(() => this.ctx.meta.tokens.delete(userId, id)))) throw new NotFoundError(`no token ${id}`);
  }

  /** Forgets sessions past their expiry (those are refused anyway; this keeps the table small). */
  async purgeExpiredSessions(): Promise<number> {
    return this.ctx.meta.commit(() => this.ctx.meta.sessions.deleteExpired(this.ctx.now()));
  }

  /** A fresh node-local administrator secret, valid until the node stops. */
  issueLocalAdminSecret(): string {
    const secret = newSecret('kith_local');
    this.localAdminHash = hashSecret(secret);
    return secret;
  }

  private isLocalAdmin(secret: string): boolean {
    return this.localAdminHash !== undefined && timingSafeEqual(hashSecret(secret), this.localAdminHash);
  }

  private activeUser(userId: number): Actor | undefined {
    const user = this.ctx.meta.users.byId(userId);
    if (!user || user.disabled) return undefined;
    return { userId: user.id, name: user.name, admin: user.role === 'admin' };
  }
}
