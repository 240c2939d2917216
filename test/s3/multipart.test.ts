/** Multipart uploads through the AWS SDK (lib-storage's Upload, and the commands one by one). */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3ServiceException,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kithOk } from '../helpers/daemon.js';
import { seededStream, sha256Of, startS3Bed, type S3Bed } from './helpers.js';

let bed: S3Bed;
beforeAll(async () => {
  bed = await startS3Bed();
  await bed.client.send(new CreateBucketCommand({ Bucket: 'backups' }));
}, 180_000);
afterAll(() => bed?.stop(), 180_000);

const MiB = 1024 * 1024;

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof S3ServiceException) return err.name;
    throw err;
  }
  throw new Error('expected the request to fail');
}

describe('multipart uploads', () => {
  it('uploads 200 MiB with lib-storage and reads the same bytes back, with an md5-of-md5s-N ETag', async () => {
    const size = 200 * MiB;
    const upload = new Upload({ client: bed.client, params: { Bucket: 'backups', Key: 'disk image.bin', Body: seededStream(size, 'mp') }, partSize: 16 * MiB, queueSize: 2 });
    const done = await upload.done();
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}-13"$/);
    const got = await bed.client.send(new GetObjectCommand({ Bucket: 'backups', Key: 'disk image.bin' }));
    expect(got.ContentLength).toBe(size);
    expect(got.ETag).toBe(done.ETag);
    expect(await sha256Of(got.Body as AsyncIterable<Uint8Array>)).toBe(await sha256Of(seededStream(size, 'mp')));
    const check = JSON.parse(await kithOk(bed.daemon.dataDir, 'check', '--json')) as { ok: boolean };
    expect(check.ok).toBe(true);
  }, 900_000);

  it('checks part order, ETags and sizes on completion, lists parts and uploads, and aborts', async () => {
    const { UploadId } = await bed.client.send(new CreateMultipartUploadCommand({ Bucket: 'backups', Key: 'parts.bin', ContentType: 'application/x-test', Metadata: { origin: 'test' } }));
    const small = Buffer.alloc(1024, 1);
    const big = Buffer.alloc(5 * MiB, 2);
    const p1 = await bed.client.send(new UploadPartCommand({ Bucket: 'backups', Key: 'parts.bin', UploadId, PartNumber: 1, Body: small }));
    const p2 = await bed.client.send(new UploadPartCommand({ Bucket: 'backups', Key: 'parts.bin', UploadId, PartNumber: 2, Body: big }));
    expect(p1.ETag).toBe(`"${createHash('md5').update(small).digest('hex')}"`);
    const parts = await bed.client.send(new ListPartsCommand({ Bucket: 'backups', Key: 'parts.bin', UploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([[1, 1024], [2, 5 * MiB]]);
    const uploads = await bed.client.send(new ListMultipartUploadsCommand({ Bucket: 'backups' }));
    expect(uploads.Uploads?.map((u) => u.UploadId)).toContain(UploadId);
    const complete = (Parts: { PartNumber: number; ETag?: string }[]) => bed.client.send(new CompleteMultipartUploadCommand({ Bucket: 'backups', Key: 'parts.bin', UploadId, MultipartUpload: { Parts } }));
    expect(await failure(complete([{ PartNumber: 2, ETag: p2.ETag }, { PartNumber: 1, ETag: p1.ETag }]))).toBe('InvalidPartOrder');
    expect(await failure(complete([{ PartNumber: 1, ETag: '"0123"' }, { PartNumber: 2, ETag: p2.ETag }]))).toBe('InvalidPart');
    expect(await failure(complete([{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }]))).toBe('EntityTooSmall');
    // Part 1 again, now large enough; then part 2 copied from an object's range.
    await bed.client.send(new PutObjectCommand({ Bucket: 'backups', Key: 'source.bin', Body: Buffer.alloc(6 * MiB, 3) }));
    const p1b = await bed.client.send(new UploadPartCommand({ Bucket: 'backups', Key: 'parts.bin', UploadId, PartNumber: 1, Body: big }));
    const copied = await bed.client.send(new UploadPartCopyCommand({ Bucket: 'backups', Key: 'parts.bin', UploadId, PartNumber: 2, CopySource: 'backups/source.bin', CopySourceRange: 'bytes=0-99' }));
    const done = await complete([{ PartNumber: 1, ETag: p1b.ETag }, { PartNumber: 2, ETag: copied.CopyPartResult?.ETag }]);
    expect(done.ETag).toMatch(/-2"$/);
    const head = await bed.client.send(new HeadObjectCommand({ Bucket: 'backups', Key: 'parts.bin' }));
    expect(head).toMatchObject({ ContentLength: 5 * MiB + 100, ContentType: 'application/x-test', Metadata: { origin: 'test' }, ETag: done.ETag });
    expect(await failure(bed.client.send(new ListPartsCommand({ Bucket: 'backups', Key: 'parts.bin', UploadId })))).toBe('NoSuchUpload');

    const other = await bed.client.send(new CreateMultipartUploadCommand({ Bucket: 'backups', Key: 'aborted.bin' }));
    await bed.client.send(new UploadPartCommand({ Bucket: 'backups', Key: 'aborted.bin', UploadId: other.UploadId, PartNumber: 1, Body: big }));
    await bed.client.send(new AbortMultipartUploadCommand({ Bucket: 'backups', Key: 'aborted.bin', UploadId: other.UploadId }));
    expect(await failure(bed.client.send(new UploadPartCommand({ Bucket: 'backups', Key: 'aborted.bin', UploadId: other.UploadId, PartNumber: 2, Body: small })))).toBe('NoSuchUpload');
    const check = JSON.parse(await kithOk(bed.daemon.dataDir, 'check', '--json')) as { ok: boolean };
    expect(check.ok).toBe(true);
  }, 300_000);
});
