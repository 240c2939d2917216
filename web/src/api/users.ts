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

export async function deleteUser(name: string): Promise<void> {
  await api(userUrl(name), { method: 'DELETE' });
}
