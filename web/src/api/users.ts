/** Accounts on this node, for administrators. */
import { api } from './http';
import type { User } from './types';

const userUrl = (name: string): string => `/users/${encodeURIComponent(name)}`;

export async function listUsers(): Promise<User[]> {
  return (await api<{ users: User[] }>('/users')).users;
}

export async function createUser(name: string, password: string, admin: boolean): Promise<void> {
  await api('/users', { method: 'POST', json: { name, password, role: admin ? 'admin' : 'user' } });
}

export async function setUserDisabled(name: string, disabled: boolean): Promise<void> {
  await api(userUrl(name), { method: 'PATCH', json: { disabled } });
}

/** Role and quota; a quota of null lifts it. */
export async function updateUser(name: string, change: { role: User['role']; quotaBytes: number | null }): Promise<void> {
  await api(userUrl(name), { method: 'PATCH', json: change });
}

/** A new password, set by an administrator; the user's sessions end. */
export async function resetPassword(name: string, password: string): Promise<void> {
  await api(`${userUrl(name)}/password`, { method: 'PUT', json: { password } });
}

export async function deleteUser(name: string): Promise<void> {
  await api(userUrl(name), { method: 'DELETE' });
}
