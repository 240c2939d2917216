/**
 * One store, every door: what S3 writes the REST API and WebDAV read, and the reverse; names
 * with spaces, Unicode, "%" and "+" intact; presigned URLs; CopyObject, DeleteObjects, versions.
 */
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Bed, type S3Bed } from './helpers.js';

let bed: S3Bed;
beforeAll(async () => {
  bed = await startS3Bed();
  await bed.client.send(new CreateBucketCommand({ Bucket: 'shared' }));
}, 180_000);
afterAll(() => bed?.stop(), 180_000);

const text = async (body: unknown) => Buffer.from(await (body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()).toString();
const NAMES = ['with space/a b.txt', 'unicodé/日本語 ✓.txt', 'percent/100%25 %.txt', 'plus/a+b=c&d.txt'];

describe('one store, every door', () => {
  for (const name of NAMES) {
    it(`S3 → REST → S3: "${name}"`, async () => {
      await bed.client.send(new PutObjectCommand({ Bucket: 'shared', Key: name, Body: `via s3: ${name}` }));
      const rest = await bed.rest(`/pools/shared/content/${name.split('/').map(encodeURIComponent).join('/')}`);
      expect(rest.status).toBe(200);
      expect(await rest.text()).toBe(`via s3: ${name}`);
      const put = await bed.rest(`/pools/shared/content/rest-${name.split('/').map(encodeURIComponent).join('/')}`, { method: 'PUT', body: `via rest: ${name}` });
      expect(put.status).toBe(201);
      const back = await bed.client.send(new GetObjectCommand({ Bucket: 'shared', Key: `rest-${name}` }));
      expect(await text(back.Body)).toBe(`via rest: ${name}`);
    });
  }

  it('S3 → WebDAV and WebDAV → S3', async () => {
    const name = 'dav door/ü + %.txt';
    const davPath = `shared/${name.split('/').map(encodeURIComponent).join('/')}`;
    await bed.client.send(new PutObjectCommand({ Bucket: 'shared', Key: name, Body: 'via s3 for dav' }));
    const read = await bed.dav(davPath);
    expect(read.status).toBe(200);
    expect(await read.text()).toBe('via s3 for dav');
    expect((await bed.dav(`${davPath}.back`, { method: 'PUT', body: 'via dav' })).status).toBe(201);
    const back = await bed.client.send(new GetObjectCommand({ Bucket: 'shared', Key: `${name}.back` }));
    expect(await text(back.Body)).toBe('via dav');
  });

  it('lists those names exactly', async () => {
    const listed = await bed.client.send(new ListObjectsV2Command({ Bucket: 'shared' }));
    const keys = listed.Contents?.map((c) => c.Key) ?? [];
    for (const name of NAMES) expect(keys).toContain(name);
  });
});

describe('presigned URLs', () => {
  it('GET and PUT work with plain fetch; an expired one is AccessDenied', async () => {
    const putUrl = await getSignedUrl(bed.client, new PutObjectCommand({ Bucket: 'shared', Key: 'presigned/hello world.txt' }), { expiresIn: 300 });
    expect((await fetch(putUrl, { method: 'PUT', body: 'presigned body' })).status).toBe(200);
    const getUrl = await getSignedUrl(bed.client, new GetObjectCommand({ Bucket: 'shared', Key: 'presigned/hello world.txt' }), { expiresIn: 300 });
    const got = await fetch(getUrl);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe('presigned body');
    const expiredUrl = await getSignedUrl(bed.client, new GetObjectCommand({ Bucket: 'shared', Key: 'presigned/hello world.txt' }), { expiresIn: 1, signingDate: new Date(Date.now() - 60_000) });
    const expired = await fetch(expiredUrl);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/<Code>AccessDenied<\/Code>.*expired/s);
    const tampered = await fetch(getUrl.replace('hello%20world', 'hello%20there'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toMatch(/<Code>SignatureDoesNotMatch<\/Code>/);
  });
});

describe('copies, bulk deletes and versions', () => {
  it('copies with the source metadata, or replaces it', async () => {
    await bed.client.send(new PutObjectCommand({ Bucket: 'shared', Key: 'copy/src.txt', Body: 'source', ContentType: 'text/plain', Metadata: { a: '1' } }));
    const copied = await bed.client.send(new CopyObjectCommand({ Bucket: 'shared', Key: 'copy/dst.txt', CopySource: 'shared/copy/src.txt' }));
    const head = await bed.client.send(new HeadObjectCommand({ Bucket: 'shared', Key: 'copy/dst.txt' }));
    expect(head).toMatchObject({ ContentType: 'text/plain', Metadata: { a: '1' }, ETag: copied.CopyObjectResult?.ETag });
    await bed.client.send(new CopyObjectCommand({ Bucket: 'shared', Key: 'copy/dst.txt', CopySource: 'shared/copy/dst.txt', MetadataDirective: 'REPLACE', Metadata: { b: '2' }, ContentType: 'text/x-other' }));
    expect(await bed.client.send(new HeadObjectCommand({ Bucket: 'shared', Key: 'copy/dst.txt' }))).toMatchObject({ ContentType: 'text/x-other', Metadata: { b: '2' } });
  });

  it('deletes many keys at once, reporting each', async () => {
    for (const k of ['bulk/1', 'bulk/2', 'bulk/3']) await bed.client.send(new PutObjectCommand({ Bucket: 'shared', Key: k, Body: k }));
    const res = await bed.client.send(new DeleteObjectsCommand({ Bucket: 'shared', Delete: { Objects: [{ Key: 'bulk/1' }, { Key: 'bulk/3' }, { Key: 'bulk/missing' }] } }));
    expect(res.Deleted?.map((d) => d.Key).sort()).toEqual(['bulk/1', 'bulk/3', 'bulk/missing']);
    const left = await bed.client.send(new ListObjectsV2Command({ Bucket: 'shared', Prefix: 'bulk/' }));
    expect(left.Contents?.map((c) => c.Key)).toEqual(['bulk/2']);
  });

  it("lists the pool's versions and reads an old one by its id", async () => {
    for (const body of ['one', 'two', 'three']) await bed.client.send(new PutObjectCommand({ Bucket: 'shared', Key: 'versioned.txt', Body: body }));
    const listed = await bed.client.send(new ListObjectVersionsCommand({ Bucket: 'shared', Prefix: 'versioned.txt' }));
    expect(listed.Versions?.map((v) => v.IsLatest)).toEqual([true, false, false]);
    const oldest = listed.Versions![2]!;
    const got = await bed.client.send(new GetObjectCommand({ Bucket: 'shared', Key: 'versioned.txt', VersionId: oldest.VersionId }));
    expect(await text(got.Body)).toBe('one');
    expect(got.ETag).toBe(oldest.ETag);
  });
});
