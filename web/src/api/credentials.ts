/** The signed-in user's sessions (browsers, devices) and app passwords (API tokens). */
import { api } from './http';
import type { AppPassword, Session } from './types';

export async function listSessions(): Promise<Session[]> {
  return (await api<{ sessions: Session[] }>('/me/sessions')).sessions;
}

export async function revokeSession(id: number): Promise<void> {
  await api(`/me/sessions/${id}`, { method: 'DELETE' });
}

export async function listAppPasswords(): Promise<AppPassword[]> {
  return (await api<{ tokens: AppPassword[] }>('/me/tokens')).tokens;
}

/** The secret comes back once, here, and never again. */
export async function createAppPassword(label: string): Promise<{ token: AppPassword; secret: string }> {
  return api('/me/tokens', { method: 'POST', json: { label } });
}

export async function revokeAppPassword(id: number): Promise<void> {
  await api(`/me/tokens/${id}`, { method: 'DELETE' });
}
