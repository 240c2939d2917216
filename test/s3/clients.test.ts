/** s3cmd and rclone's s3 backend (Debian's packages) against the built daemon. */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededStream, startS3Bed, type S3Bed } from './helpers.js';

let bed: S3Bed;
let work: string;
beforeAll(async () => {
  bed = await startS3Bed();
  work = await mkdtemp(join(tmpdir(), 'kith-s3-clients-'));
  await mkdir(join(work, 'tree', 'sub dir'), { recursive: true });
  await writeFile(join(work, 'tree', 'small.txt'), 'small file\n');
  await writeFile(join(work, 'rclone.conf'), '');
  await writeFile(join(work, 'tree', 'sub dir', 'ünïcode + plus%.txt'), 'odd name\n');
  await pipeline(seededStream(20 * 1024 * 1024, 'clients'), createWriteStream(join(work, 'tree', 'big.bin')));
}, 180_000);
afterAll(async () => {
  await bed?.stop();
  if (work) await rm(work, { recursive: true, force: true });
}, 180_000);

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  // A CA bundle meant for HTTPS elsewhere makes rclone's AWS SDK refuse its plain-HTTP transport.
  const { AWS_CA_BUNDLE: _bundle, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out, err });
    });
  });
}

describe('s3cmd', () => {
  let config: string;
  const s3cmd = async (...args: string[]) => {
    const r = await run('s3cmd', ['-c', config, ...args]);
    expect(r.code, `s3cmd ${args.join(' ')}:\n${r.out}${r.err}`).toBe(0);
    return r.out;
  };

  beforeAll(async () => {
    const host = new URL(bed.daemon.s3Url).host;
    config = join(work, 's3cfg');
    await writeFile(config, [
      '[default]',
      `access_key = ${bed.accessKeyId}`,
      `secret_key = ${bed.secretAccessKey}`,
      `host_base = ${host}`,
      `host_bucket = ${host}`,
      'use_https = False',
      'signature_v2 = False',
      'check_ssl_certificate = False',
      '',
    ].join('\n'));
  });

  it('makes a bucket, puts (multipart too), lists, gets and deletes', async () => {
    await s3cmd('mb', 's3://s3cmd-bucket');
    await s3cmd('put', '--multipart-chunk-size-mb=5', join(work, 'tree', 'big.bin'), 's3://s3cmd-bucket/big.bin');
    await s3cmd('put', join(work, 'tree', 'sub dir', 'ünïcode + plus%.txt'), 's3://s3cmd-bucket/odd/ünïcode + plus%.txt');
    const ls = await s3cmd('ls', '-r', 's3://s3cmd-bucket');
    expect(ls).toContain('s3://s3cmd-bucket/big.bin');
    expect(ls).toContain('s3://s3cmd-bucket/odd/ünïcode + plus%.txt');
    await s3cmd('get', 's3://s3cmd-bucket/big.bin', join(work, 'big.s3cmd'));
    expect((await readFile(join(work, 'big.s3cmd'))).equals(await readFile(join(work, 'tree', 'big.bin')))).toBe(true);
    await s3cmd('get', 's3://s3cmd-bucket/odd/ünïcode + plus%.txt', join(work, 'odd.s3cmd'));
    expect(await readFile(join(work, 'odd.s3cmd'), 'utf8')).toBe('odd name\n');
    await s3cmd('del', 's3://s3cmd-bucket/big.bin');
    expect(await s3cmd('ls', '-r', 's3://s3cmd-bucket')).not.toContain('big.bin');
  }, 600_000);
});

describe('rclone (s3 backend)', () => {
  const remote = () => ({
    RCLONE_CONFIG_KITH_TYPE: 's3',
    RCLONE_CONFIG_KITH_PROVIDER: 'Other',
    RCLONE_CONFIG_KITH_ACCESS_KEY_ID: bed.accessKeyId,
    RCLONE_CONFIG_KITH_SECRET_ACCESS_KEY: bed.secretAccessKey,
    RCLONE_CONFIG_KITH_ENDPOINT: bed.daemon.s3Url,
    RCLONE_CONFIG_KITH_FORCE_PATH_STYLE: 'true',
    RCLONE_CONFIG: join(work, 'rclone.conf'),
  });
  const rclone = async (...args: string[]) => {
    const r = await run('rclone', ['--s3-upload-cutoff', '5M', '--s3-chunk-size', '5M', ...args], remote());
    expect(r.code, `rclone ${args.join(' ')}:\n${r.out}${r.err}`).toBe(0);
    return r.out;
  };

  it('copies a tree up, checks it by hash, lists it, copies it back and deletes it', async () => {
    await rclone('mkdir', 'kith:rclone-bucket');
    await rclone('copy', join(work, 'tree'), 'kith:rclone-bucket/tree');
    await rclone('check', join(work, 'tree'), 'kith:rclone-bucket/tree');
    const listed = (await rclone('lsf', '-R', 'kith:rclone-bucket/tree')).split('\n').filter(Boolean).sort();
    expect(listed).toEqual(['big.bin', 'small.txt', 'sub dir/', 'sub dir/ünïcode + plus%.txt']);
    await rclone('copy', 'kith:rclone-bucket/tree', join(work, 'back'));
    await rclone('check', join(work, 'tree'), join(work, 'back'));
    await rclone('purge', 'kith:rclone-bucket/tree');
    expect(await rclone('lsf', '-R', 'kith:rclone-bucket')).toBe('');
  }, 600_000);
});
