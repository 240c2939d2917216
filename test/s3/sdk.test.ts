/** The AWS SDK for JavaScript v3 against the built daemon: buckets, objects, listings, errors. */
import { createHash } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kithOk } from '../helpers/daemon.js';
import { s3Client, seededStream, sha256Of, startS3Bed, type S3Bed } from './helpers.js';

let bed: S3Bed;
beforeAll(async () => {
  bed = await startS3Bed();
  await bed.client.send(new CreateBucketCommand({ Bucket: 'photos' }));
}, 180_000);
afterAll(() => bed?.stop(), 180_000);

async function s3Error(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof S3ServiceException) return { name: err.name, status: err.$metadata.httpStatusCode };
    throw err;
  }
  throw new Error('expected the request to fail');
}

const text = async (body: unknown) => Buffer.from(await (body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()).toString();

describe('buckets', () => {
  it('lists, heads, locates and deletes them, and refuses to delete a full one', async () => {
    const { Buckets } = await bed.client.send(new ListBucketsCommand({}));
    expect(Buckets?.map((b) => b.Name)).toContain('photos');
    await bed.client.send(new HeadBucketCommand({ Bucket: 'photos' }));
    expect((await bed.client.send(new GetBucketLocationCommand({ Bucket: 'photos' }))).LocationConstraint).toBeFalsy();
    expect(await s3Error(bed.client.send(new HeadBucketCommand({ Bucket: 'nothing-here' })))).toMatchObject({ status: 404 });
    expect(await s3Error(bed.client.send(new GetObjectCommand({ Bucket: 'nothing-here', Key: 'x' })))).toMatchObject({ name: 'NoSuchBucket' });
    await bed.client.send(new CreateBucketCommand({ Bucket: 'scratch' }));
    await bed.client.send(new PutObjectCommand({ Bucket: 'scratch', Key: 'a', Body: 'a' }));
    expect(await s3Error(bed.client.send(new DeleteBucketCommand({ Bucket: 'scratch' })))).toMatchObject({ name: 'BucketNotEmpty', status: 409 });
    await bed.client.send(new DeleteObjectCommand({ Bucket: 'scratch', Key: 'a' }));
    await bed.client.send(new DeleteBucketCommand({ Bucket: 'scratch' }));
  });
});

describe('objects', () => {
  it('puts and gets 100 MiB, streaming, with the same SHA-256 back', async () => {
    const size = 100 * 1024 * 1024;
    const put = await bed.client.send(new PutObjectCommand({ Bucket: 'photos', Key: 'big/100m.bin', Body: seededStream(size), ContentLength: size }));
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    const got = await bed.client.send(new GetObjectCommand({ Bucket: 'photos', Key: 'big/100m.bin' }));
    expect(got.ContentLength).toBe(size);
    expect(await sha256Of(got.Body as AsyncIterable<Uint8Array>)).toBe(await sha256Of(seededStream(size)));
  }, 900_000);

  it('keeps Content-Type, user metadata and the MD5 ETag; serves ranges and conditions', async () => {
    const body = 'hello, kith';
    const md5 = createHash('md5').update(body).digest('hex');
    await bed.client.send(new PutObjectCommand({ Bucket: 'photos', Key: 'notes/hello.txt', Body: body, ContentType: 'text/plain', Metadata: { colour: 'blue' } }));
    const head = await bed.client.send(new HeadObjectCommand({ Bucket: 'photos', Key: 'notes/hello.txt' }));
    expect(head).toMatchObject({ ETag: `"${md5}"`, ContentType: 'text/plain', ContentLength: body.length, Metadata: { colour: 'blue' } });
    const range = await bed.client.send(new GetObjectCommand({ Bucket: 'photos', Key: 'notes/hello.txt', Range: 'bytes=7-10' }));
    expect(await text(range.Body)).toBe('kith');
    expect(range.ContentRange).toBe(`bytes 7-10/${body.length}`);
    expect(await s3Error(bed.client.send(new GetObjectCommand({ Bucket: 'photos', Key: 'notes/hello.txt', Range: 'bytes=100-200' })))).toMatchObject({ name: 'InvalidRange', status: 416 });
    expect(await s3Error(bed.client.send(new GetObjectCommand({ Bucket: 'photos', Key: 'notes/hello.txt', IfMatch: '"nope"' })))).toMatchObject({ status: 412 });
    expect(await s3Error(bed.client.send(new GetObjectCommand({ Bucket: 'photos', Key: 'notes/hello.txt', IfNoneMatch: `"${md5}"` })))).toMatchObject({ status: 304 });
    expect(await s3Error(bed.client.send(new GetObjectCommand({ Bucket: 'photos', Key: 'notes/hello.txt', IfModifiedSince: new Date(Date.now() + 60_000) })))).toMatchObject({ status: 304 });
    expect(await s3Error(bed.client.send(new GetObjectCommand({ Bucket: 'photos', Key: 'notes/hello.txt', IfUnmodifiedSince: new Date(Date.now() - 3600_000) })))).toMatchObject({ status: 412 });
    const ok = await bed.client.send(new GetObjectCommand({ Bucket: 'photos', Key: 'notes/hello.txt', IfMatch: `"${md5}"` }));
    expect(await text(ok.Body)).toBe(body);
  });

  it('answers NoSuchKey for a missing key, and deletes idempotently', async () => {
    expect(await s3Error(bed.client.send(new GetObjectCommand({ Bucket: 'photos', Key: 'no/such.txt' })))).toMatchObject({ name: 'NoSuchKey', status: 404 });
    await bed.client.send(new PutObjectCommand({ Bucket: 'photos', Key: 'gone.txt', Body: 'x' }));
    await bed.client.send(new DeleteObjectCommand({ Bucket: 'photos', Key: 'gone.txt' }));
    await bed.client.send(new DeleteObjectCommand({ Bucket: 'photos', Key: 'gone.txt' }));
    expect(await s3Error(bed.client.send(new HeadObjectCommand({ Bucket: 'photos', Key: 'gone.txt' })))).toMatchObject({ status: 404 });
  });

  it('checks Content-MD5: a mismatch is BadDigest and stores nothing', async () => {
    const wrong = createHash('md5').update('something else').digest('base64');
    expect(await s3Error(bed.client.send(new PutObjectCommand({ Bucket: 'photos', Key: 'digest.txt', Body: 'the body', ContentMD5: wrong })))).toMatchObject({ name: 'BadDigest', status: 400 });
    expect(await s3Error(bed.client.send(new HeadObjectCommand({ Bucket: 'photos', Key: 'digest.txt' })))).toMatchObject({ status: 404 });
  });
});

describe('authentication', () => {
  it('refuses a wrong secret with SignatureDoesNotMatch and an unknown key with InvalidAccessKeyId', async () => {
    const wrong = s3Client(bed.daemon.s3Url, bed.accessKeyId, 'not-the-secret');
    expect(await s3Error(wrong.send(new ListObjectsV2Command({ Bucket: 'photos' })))).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    const unknown = s3Client(bed.daemon.s3Url, 'GKUNKNOWNUNKNOWNUNKN', bed.secretAccessKey);
    expect(await s3Error(unknown.send(new ListObjectsV2Command({ Bucket: 'photos' })))).toMatchObject({ name: 'InvalidAccessKeyId', status: 403 });
    wrong.destroy();
    unknown.destroy();
  });

  it('lets a user make keys through the REST API; a revoked key is refused', async () => {
    const made = await bed.rest('/users/alice/s3-keys', { method: 'POST' });
    expect(made.status).toBe(201);
    const { key, secretAccessKey } = (await made.json()) as { key: { accessKeyId: string }; secretAccessKey: string };
    const second = s3Client(bed.daemon.s3Url, key.accessKeyId, secretAccessKey);
    await second.send(new ListBucketsCommand({}));
    const listed = JSON.parse(await kithOk(bed.daemon.dataDir, 's3', 'key', 'ls', '--user', 'alice', '--json')) as { accessKeyId: string; lastUsedAt?: string }[];
    expect(listed.map((k) => k.accessKeyId).sort()).toEqual([bed.accessKeyId, key.accessKeyId].sort());
    expect(listed.find((k) => k.accessKeyId === key.accessKeyId)?.lastUsedAt).toBeDefined();
    expect(JSON.stringify(listed)).not.toContain(secretAccessKey);
    await kithOk(bed.daemon.dataDir, 's3', 'key', 'revoke', key.accessKeyId, '--user', 'alice');
    expect(await s3Error(second.send(new ListBucketsCommand({})))).toMatchObject({ name: 'InvalidAccessKeyId', status: 403 });
    second.destroy();
  });

  it('refuses anonymous requests with AccessDenied', async () => {
    const res = await fetch(`${bed.daemon.s3Url}/photos?list-type=2`);
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/<Code>AccessDenied<\/Code>/);
  });
});

describe('listing 1,000 keys', () => {
  const keys = Array.from({ length: 1000 }, (_, i) => `list/${['a', 'b', 'c', 'd'][i % 4]}/${String(i).padStart(4, '0')}.txt`);

  beforeAll(async () => {
    await bed.client.send(new CreateBucketCommand({ Bucket: 'many' }));
    for (let i = 0; i < keys.length; i += 25) {
      await Promise.all(keys.slice(i, i + 25).map((Key) => bed.client.send(new PutObjectCommand({ Bucket: 'many', Key, Body: Key }))));
    }
    await bed.client.send(new PutObjectCommand({ Bucket: 'many', Key: 'top.txt', Body: 'top' }));
  }, 300_000);

  it('pages through every key with continuation tokens (V2), in key order', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await bed.client.send(new ListObjectsV2Command({ Bucket: 'many', Prefix: 'list/', MaxKeys: 137, ContinuationToken: token }));
      seen.push(...(page.Contents ?? []).map((c) => c.Key!));
      token = page.NextContinuationToken;
      pages++;
      if (token) expect(page.IsTruncated).toBe(true);
    } while (token);
    expect(seen).toEqual([...keys].sort());
    expect(pages).toBe(Math.ceil(1000 / 137));
  });

  it('rolls keys up into common prefixes with a delimiter', async () => {
    const top = await bed.client.send(new ListObjectsV2Command({ Bucket: 'many', Delimiter: '/' }));
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['list/']);
    expect(top.Contents?.map((c) => c.Key)).toEqual(['top.txt']);
    const inner = await bed.client.send(new ListObjectsV2Command({ Bucket: 'many', Prefix: 'list/', Delimiter: '/', MaxKeys: 3 }));
    expect(inner.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['list/a/', 'list/b/', 'list/c/']);
    expect(inner.IsTruncated).toBe(true);
    const rest = await bed.client.send(new ListObjectsV2Command({ Bucket: 'many', Prefix: 'list/', Delimiter: '/', ContinuationToken: inner.NextContinuationToken }));
    expect(rest.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['list/d/']);
    expect(rest.IsTruncated).toBe(false);
  });

  it('honours start-after (V2) and marker (V1)', async () => {
    const v2 = await bed.client.send(new ListObjectsV2Command({ Bucket: 'many', Prefix: 'list/d/', StartAfter: 'list/d/0991.txt' }));
    expect(v2.Contents?.map((c) => c.Key)).toEqual(['list/d/0995.txt', 'list/d/0999.txt']);
    const v1 = await bed.client.send(new ListObjectsCommand({ Bucket: 'many', Prefix: 'list/c/', Marker: 'list/c/0990.txt', MaxKeys: 1 }));
    expect(v1.Contents?.map((c) => c.Key)).toEqual(['list/c/0994.txt']);
    expect(v1.IsTruncated).toBe(true);
    expect(v1.NextMarker).toBe('list/c/0994.txt');
  });
});
