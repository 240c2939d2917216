/**
 * The CLI's HTTP client for a node's REST API. JSON for everything but file content, which is
 * streamed in both directions. A node error becomes a KithError with the node's code and message.
 */
import { readFile } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { KithError, type ErrorCode } from '../core/errors.js';
import { remoteFromEnv } from './sources.js';

export class NodeUnreachableError extends KithError {
  constructor(message: string) {
    super('E_INTERNAL', message);
  }
}

export interface RequestOptions {
  json?: unknown;
  body?: Readable;
  headers?: Record<string, string | number>;
  signal?: AbortSignal;
}

export class KithClient {
  constructor(
    readonly baseUrl: string,
    private readonly authorization: string,
  ) {}

  /** From KITH_URL + KITH_TOKEN, else from the credential the running node left in its data directory. */
  static async connect(dataDir: string): Promise<KithClient> {
    const remote = remoteFromEnv();
    if (remote) {
      const auth = remote.user ? `Basic ${Buffer.from(`${remote.user}:${remote.token}`).toString('base64')}` : `Bearer ${remote.token}`;
      return new KithClient(remote.url, auth);
    }
    let local: { url: string; token: string };
    try {
      local = JSON.parse(await readFile(join(dataDir, 'local.json'), 'utf8')) as { url: string; token: string };
    } catch {
      throw new NodeUnreachableError(`no running node found for data directory ${dataDir} (start one with \`kith start\`, or set KITH_URL and KITH_TOKEN)`);
    }
    return new KithClient(local.url, `Bearer ${local.token}`);
  }

  async json<T>(method: string, path: string, json?: unknown): Promise<T> {
    const res = await this.request(method, path, { json });
    const text = await readAll(res);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /** Sends a request; resolves with the response once its status is 2xx/3xx, else throws the node's error. */
  request(method: string, path: string, opts: RequestOptions = {}): Promise<IncomingMessage> {
    const url = new URL(`/api/v1${path}`, this.baseUrl);
    const headers: Record<string, string | number> = { authorization: this.authorization, ...opts.headers };
    const payload = opts.json === undefined ? undefined : Buffer.from(JSON.stringify(opts.json));
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(url, { method, headers, signal: opts.signal }, (res) => {
        if ((res.statusCode ?? 500) < 400) return resolve(res);
        readAll(res).then((text) => reject(errorFrom(res.statusCode ?? 500, text)), reject);
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'ECONNREFUSED') reject(new NodeUnreachableError(`cannot reach the node at ${this.baseUrl}: is it running?`));
        else reject(err);
      });
      if (opts.body) opts.body.on('error', (err) => req.destroy(err)).pipe(req);
      else req.end(payload);
    });
  }
}

async function readAll(res: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of res) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function errorFrom(status: number, text: string): KithError {
  try {
    const body = JSON.parse(text) as { error?: { code?: ErrorCode; message?: string } };
    if (body.error?.code) return new KithError(body.error.code, body.error.message ?? `HTTP ${status}`);
  } catch {
    // Not our JSON (a proxy's error page): fall through.
  }
  return new KithError(status === 401 ? 'E_UNAUTHORIZED' : 'E_INTERNAL', `HTTP ${status}: ${text.slice(0, 200)}`);
}

/** Encodes a pool path for a URL: each segment percent-encoded, slashes kept. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
