/** Requests as the Amazon S3 API Reference shows them in each action's "Examples" section. */
import { describe, expect, it } from 'vitest';
import { routeRequest, type Route, type RouteInput } from './router.js';

function req(method: string, url: string, opts: { host?: string; copySource?: boolean } = {}): RouteInput {
  const [rawPath, search = ''] = url.split('?') as [string, string?];
  const params = new Set(search === '' ? [] : search.split('&').map((p) => decodeURIComponent(p.split('=')[0]!)));
  return { method, host: opts.host ?? 'localhost:9000', rawPath, params, copySource: opts.copySource ?? false };
}

const cases: [string, RouteInput, Route][] = [
  ['ListBuckets: GET /', req('GET', '/'), { op: 'ListBuckets' }],
  ['CreateBucket: PUT /bucket', req('PUT', '/examplebucket'), { op: 'CreateBucket', bucket: 'examplebucket' }],
  ['HeadBucket', req('HEAD', '/examplebucket'), { op: 'HeadBucket', bucket: 'examplebucket' }],
  ['DeleteBucket', req('DELETE', '/examplebucket/'), { op: 'DeleteBucket', bucket: 'examplebucket' }],
  ['GetBucketLocation: GET /?location', req('GET', '/examplebucket?location'), { op: 'GetBucketLocation', bucket: 'examplebucket' }],
  ['ListObjects (V1): GET /?prefix=N&marker=Ned&max-keys=40', req('GET', '/quotes?prefix=N&marker=Ned&max-keys=40'), { op: 'ListObjects', bucket: 'quotes' }],
  ['ListObjectsV2: GET /?list-type=2', req('GET', '/examplebucket?list-type=2&max-keys=3&prefix=E&start-after=ExampleGuide.pdf'), { op: 'ListObjectsV2', bucket: 'examplebucket' }],
  ['ListObjectVersions: GET /?versions', req('GET', '/examplebucket?versions&key-marker=key2'), { op: 'ListObjectVersions', bucket: 'examplebucket' }],
  ['ListMultipartUploads: GET /?uploads', req('GET', '/example-bucket?uploads&max-uploads=3'), { op: 'ListMultipartUploads', bucket: 'example-bucket' }],
  ['DeleteObjects: POST /?delete', req('POST', '/examplebucket?delete'), { op: 'DeleteObjects', bucket: 'examplebucket' }],
  ['GetBucketNotificationConfiguration', req('GET', '/examplebucket?notification'), { op: 'GetBucketNotificationConfiguration', bucket: 'examplebucket' }],
  ['PutBucketNotificationConfiguration', req('PUT', '/examplebucket?notification'), { op: 'PutBucketNotificationConfiguration', bucket: 'examplebucket' }],
  ['PutObject', req('PUT', '/examplebucket/my-image.jpg'), { op: 'PutObject', bucket: 'examplebucket', key: 'my-image.jpg' }],
  ['PutObject with an encoded key', req('PUT', '/b/photos/2006/Jan%20%25%2B/sample.jpg'), { op: 'PutObject', bucket: 'b', key: 'photos/2006/Jan %+/sample.jpg' }],
  ['CopyObject: PUT with x-amz-copy-source', req('PUT', '/examplebucket/my-second-image.jpg', { copySource: true }), { op: 'CopyObject', bucket: 'examplebucket', key: 'my-second-image.jpg' }],
  ['GetObject', req('GET', '/examplebucket/my-image.jpg?versionId=3HL4kqtJlcpXroDTDmjVBH40Nrjfkd'), { op: 'GetObject', bucket: 'examplebucket', key: 'my-image.jpg' }],
  ['HeadObject', req('HEAD', '/examplebucket/my-image.jpg'), { op: 'HeadObject', bucket: 'examplebucket', key: 'my-image.jpg' }],
  ['DeleteObject', req('DELETE', '/examplebucket/my-second-image.jpg'), { op: 'DeleteObject', bucket: 'examplebucket', key: 'my-second-image.jpg' }],
  ['CreateMultipartUpload: POST ?uploads', req('POST', '/example-bucket/example-object?uploads'), { op: 'CreateMultipartUpload', bucket: 'example-bucket', key: 'example-object' }],
  ['UploadPart', req('PUT', '/example-bucket/my-movie.m2ts?partNumber=1&uploadId=VCVsb2FkIElEIGZvciBlbZZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZR'), { op: 'UploadPart', bucket: 'example-bucket', key: 'my-movie.m2ts' }],
  ['UploadPartCopy', req('PUT', '/example-bucket/example-object?partNumber=1&uploadId=abc', { copySource: true }), { op: 'UploadPartCopy', bucket: 'example-bucket', key: 'example-object' }],
  ['CompleteMultipartUpload', req('POST', '/example-bucket/example-object?uploadId=AAAsb2FkIElEIGZvciBlbHZpbmcncyWeeS1tb3ZpZS5tMnRzIRRwbG9hZA'), { op: 'CompleteMultipartUpload', bucket: 'example-bucket', key: 'example-object' }],
  ['AbortMultipartUpload', req('DELETE', '/example-bucket/example-object?uploadId=VXBsb2FkIElEIGZvciBlbHZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZ'), { op: 'AbortMultipartUpload', bucket: 'example-bucket', key: 'example-object' }],
  ['ListParts', req('GET', '/example-bucket/example-object?uploadId=XXBsb2FkIElEIGZvciBlbHZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA&max-parts=2&part-number-marker=1'), { op: 'ListParts', bucket: 'example-bucket', key: 'example-object' }],
];

describe('routeRequest, path style', () => {
  for (const [name, input, expected] of cases) it(name, () => expect(routeRequest(input)).toEqual(expected));

  it('answers NotImplemented for sub-resources Kith does not have, rather than listing', () => {
    expect(() => routeRequest(req('GET', '/examplebucket?acl'))).toThrow(/not supported/);
  });

  it('refuses a method an operation does not have', () => {
    expect(() => routeRequest(req('POST', '/'))).toThrow(/not allowed/);
  });
});

describe('routeRequest, virtual-hosted style', () => {
  it('takes the bucket from the host under the base domain', () => {
    expect(routeRequest(req('GET', '/puppy.jpg', { host: 'my-bucket.s3.example.net:9000' }), 's3.example.net')).toEqual({ op: 'GetObject', bucket: 'my-bucket', key: 'puppy.jpg' });
    expect(routeRequest(req('GET', '/?list-type=2', { host: 'my-bucket.s3.example.net' }), 's3.example.net')).toEqual({ op: 'ListObjectsV2', bucket: 'my-bucket' });
  });

  it('falls back to path style on the base domain itself', () => {
    expect(routeRequest(req('GET', '/my-bucket/a', { host: 's3.example.net' }), 's3.example.net')).toEqual({ op: 'GetObject', bucket: 'my-bucket', key: 'a' });
  });
});
