/** User accounts: create (with a home pool), list with usage, change password, role, quota, disable, delete. */
import { LOCAL_ADMIN, type Actor } from '../core/actor.js';
import { AlreadyExistsError, ConflictError, ForbiddenError, NotFoundError } from '../core/errors.js';
import { normalizeUserName } from '../core/names.js';
import type { Role, User } from '../meta/index.js';
import type { AuthContext } from './context.js';
import { hashPassword } from './password-hash.js';
import { assertStrongPassword } from './password-strength.js';

export interface NewUser {
  name: string;
  password: string;
  role: Role;
  quotaBytes?: number;
}

export interface UserView {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
  quotaBytes: number | undefined;
  usedBytes: number;
  versionsBytes: number;
  trashBytes: number;
  homePool: string | undefined;
  createdAt: number;
}

export interface UserChanges {
  role?: Role;
  quotaBytes?: number | null;
  disabled?: boolean;
}

export class AccountService {
  constructor(private readonly ctx: AuthContext) {}

  async create(input: NewUser, actor: Actor): Promise<UserView> {
    requireAdmin(actor);
    const name = normalizeUserName(input.name);
    await assertStrongPassword(input.password, [name]);
    if (this.ctx.meta.users.byName(name)) throw new AlreadyExistsError(`user "${name}" already exists`);
    const passwordHash = await hashPassword(input.password);
    const id = await this.ctx.meta.commit(() => {
      if (this.ctx.meta.users.byName(name)) throw new AlreadyExistsError(`user "${name}" already exists`);
      const userId = this.ctx.meta.users.insert({
        name,
        role: input.role,
        passwordHash,
        quotaBytes: input.quotaBytes ?? this.ctx.policy.defaultQuotaBytes,
        createdAt: this.ctx.now(),
      });
      this.ctx.pools.ensureHome(userId, name);
      this.ctx.meta.events.append({ at: this.ctx.now(), poolId: undefined, type: 'user.created', path: undefined, actor: actor.name, detail: { name, role: input.role } });
      return userId;
    });
    return this.view(this.ctx.meta.users.byId(id)!);
  }

  list(actor: Actor): UserView[] {
    requireAdmin(actor);
    return this.ctx.meta.users.all().map((u) => this.view(u));
  }

  /** A user sees themself; an administrator sees anyone. */
  get(name: string, actor: Actor): UserView {
    const user = this.require(name);
    if (!actor.admin && actor.userId !== user.id) throw new ForbiddenError();
    return this.view(user);
  }

  async setPassword(name: string, password: string, actor: Actor): Promise<void> {
    const user = this.require(name);
    if (!actor.admin && actor.userId !== user.id) throw new ForbiddenError();
    await assertStrongPassword(password, [user.name]);
    const hash = await hashPassword(password);
    await this.ctx.meta.commit(() => {
      this.ctx.meta.users.setPassword(user.id, hash);
      // A new password ends every browser session: a thief's cookie must not outlive the change.
      this.ctx.meta.sessions.deleteForUser(user.id);
    });
  }

  async update(name: string, changes: UserChanges, actor: Actor): Promise<UserView> {
    requireAdmin(actor);
    const user = this.require(name);
    await this.ctx.meta.commit(() => {
      const losesAdmin = user.role === 'admin' && (changes.role === 'user' || changes.disabled === true);
      if (losesAdmin) this.assertNotLastAdmin(user);
      if (changes.role) this.ctx.meta.users.setRole(user.id, changes.role);
      if (changes.quotaBytes !== undefined) this.ctx.meta.users.setQuota(user.id, changes.quotaBytes ?? undefined);
      if (changes.disabled !== undefined) {
        this.ctx.meta.users.setDisabled(user.id, changes.disabled);
        if (changes.disabled) this.ctx.meta.sessions.deleteForUser(user.id);
      }
      this.ctx.meta.events.append({ at: this.ctx.now(), poolId: undefined, type: 'user.updated', path: undefined, actor: actor.name, detail: { name, ...changes } });
    });
    return this.view(this.ctx.meta.users.byId(user.id)!);
  }

  /** Deletes the account; its home pool goes to the deleted pools, restorable by an administrator. */
  async delete(name: string, actor: Actor): Promise<void> {
    requireAdmin(actor);
    const user = this.require(name);
    await this.ctx.meta.commit(() => {
      if (user.role === 'admin') this.assertNotLastAdmin(user);
      const home = this.ctx.meta.pools.homeOf(user.id);
      if (home) this.ctx.pools.markDeleted(home.name, LOCAL_ADMIN);
      this.ctx.meta.users.delete(user.id);
      this.ctx.meta.events.append({ at: this.ctx.now(), poolId: undefined, type: 'user.deleted', path: undefined, actor: actor.name, detail: { name } });
    });
  }

  require(name: string): User {
    const user = this.ctx.meta.users.byName(name);
    if (!user) throw new NotFoundError(`user "${name}" does not exist`);
    return user;
  }

  view(user: User): UserView {
    const usage = this.ctx.meta.pools.usageOf(user.id);
    return {
      id: user.id,
      name: user.name,
      role: user.role,
      disabled: user.disabled,
      quotaBytes: user.quotaBytes,
      usedBytes: usage.files,
      versionsBytes: usage.versions,
      trashBytes: usage.trash,
      homePool: this.ctx.meta.pools.homeOf(user.id)?.name,
      createdAt: user.createdAt,
    };
  }

  private assertNotLastAdmin(user: User): void {
    if (!user.disabled && this.ctx.meta.users.countActiveAdmins() <= 1) {
      throw new ConflictError(`"${user.name}" is the last administrator`);
    }
  }
}

export function requireAdmin(actor: Actor): void {
  if (!actor.admin) throw new ForbiddenError('only an administrator may do this');
}
