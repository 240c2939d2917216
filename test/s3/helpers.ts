/**
 * An S3 test bed: the built daemon, a user "alice" with an S3 access key made by the CLI, and
 * clients configured for it (the AWS SDK here; s3cmd and rclone in their own tests).
 */
import { createCipheriv, createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { kith, kithOk, removeDir, startDaemon, type Daemon } from '../helpers/daemon.js';
import { STRONG_PASSWORD } from '../helpers/in-process-node.js';

export interface S3Bed {
  daemon: Daemon;
  accessKeyId: string;
  secretAccessKey: string;
  client: S3Client;
  /** REST calls as alice, with a token of hers. */
  rest(path: string, init?: RequestInit): Promise<Response>;
  /** WebDAV requests as alice (Basic auth with the same token as app password). */
  dav(path: string, init?: RequestInit): Promise<Response>;
  /** Starts the daemon again on the same data directory (a new S3 port). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function s3Client(endpoint: string, accessKeyId: string, secretAccessKey: string): S3Client {
  return new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
}

/** `config` goes into the data directory's kith.json. */
export async function startS3Bed(config: object = {}, env: NodeJS.ProcessEnv = {}): Promise<S3Bed> {
  const dir = await mkdtemp(join(tmpdir(), 'kith-s3-'));
  await writeFile(join(dir, 'kith.json'), JSON.stringify(config));
  const daemon = await startDaemon(dir, { env });
  try {
    return await bedFor(daemon, env);
  } catch (err) {
    await daemon.stop();
    await removeDir(daemon.dataDir);
    throw err;
  }
}

async function bedFor(first: Daemon, env: NodeJS.ProcessEnv): Promise<S3Bed> {
  let daemon = first;
  const dir = daemon.dataDir;
  const added = await kith(['--data', dir, 'user', 'add', 'alice', '--password-stdin'], { stdin: STRONG_PASSWORD });
  if (added.code !== 0) throw new Error(`user add: ${added.stderr}`);
  const key = JSON.parse(await kithOk(dir, 's3', 'key', 'create', '--user', 'alice', '--json')) as { accessKeyId: string; secretAccessKey: string };
  const token = (await kithOk(dir, 'token', 'create', 'rest', '--user', 'alice')).trim();
  const bed: S3Bed = {
    daemon,
    ...key,
    client: s3Client(daemon.s3Url, key.accessKeyId, key.secretAccessKey),
    rest: (path, init = {}) => fetch(`${bed.daemon.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers }, duplex: 'half' } as RequestInit),
    dav: (path, init = {}) => fetch(`${bed.daemon.url}/dav/${path}`, { ...init, headers: { authorization: `Basic ${Buffer.from(`alice:${token}`).toString('base64')}`, ...init.headers } }),
    async restart() {
      await daemon.stop();
      daemon = await startDaemon(dir, { env });
      bed.daemon = daemon;
      bed.client.destroy();
      bed.client = s3Client(daemon.s3Url, key.accessKeyId, key.secretAccessKey);
    },
    async stop() {
      bed.client.destroy();
      await daemon.stop();
      await removeDir(dir);
    },
  };
  return bed;
}

/** A reproducible byte stream of `size` bytes (an AES-CTR keystream keyed by `seed`), never held whole. */
export function seededStream(size: number, seed = 'kith'): Readable {
  const cipher = createCipheriv('aes-256-ctr', createHash('sha256').update(seed).digest(), Buffer.alloc(16));
  const zeros = Buffer.alloc(64 * 1024);
  let produced = 0;
  return new Readable({
    read() {
      if (produced >= size) return void this.push(null);
      const piece = cipher.update(zeros.subarray(0, Math.min(zeros.length, size - produced)));
      produced += piece.length;
      this.push(piece);
    },
  });
}

export async function sha256Of(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of stream) hash.update(piece);
  return hash.digest('hex');
}
