/** First-run setup, login, logout and who is signed in. */
import { api, ApiError } from './http';
import type { User } from './types';

export async function isSetupNeeded(): Promise<boolean> {
  return (await api<{ needed: boolean }>('/setup')).needed;
}

export async function completeSetup(token: string, name: string, password: string): Promise<User> {
  return (await api<{ user: User }>('/setup', { method: 'POST', json: { token, name, password } })).user;
}

export async function logIn(name: string, password: string, remember: boolean): Promise<User> {
  return (await api<{ user: User }>('/login', { method: 'POST', json: { name, password, remember } })).user;
}

export async function logOut(): Promise<void> {
  await api('/logout', { method: 'POST' });
}

/** The signed-in user, or undefined when nobody is. */
export async function currentUser(): Promise<User | undefined> {
  try {
    return (await api<{ user?: User }>('/me')).user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return undefined;
    throw err;
  }
}
