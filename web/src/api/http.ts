/**
 * The one way the app talks to its node: JSON over fetch to /api/v1, same origin, with the
 * session cookie. Errors arrive as `{error: {code, message}}` and become an ApiError.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const API_ROOT = '/api/v1';

/**
 * Marks requests as the app's own: the node then answers 401 without a Basic challenge, which
 * would otherwise make the browser pop up its own password dialog.
 */
export const APP_HEADERS = { 'x-requested-with': 'XMLHttpRequest' };

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  json?: unknown;
  signal?: AbortSignal;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', json, signal } = options;
  const response = await fetch(API_ROOT + path, {
    method,
    signal,
    credentials: 'same-origin',
    headers: json === undefined ? APP_HEADERS : { ...APP_HEADERS, 'content-type': 'application/json' },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorFrom(response.status, body);
  return body as T;
}

export function errorFrom(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return new ApiError(status, error?.code ?? 'E_HTTP', error?.message ?? `the node answered HTTP ${status}`);
}

/** A pool path in a URL: each segment percent-encoded, the slashes kept. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
