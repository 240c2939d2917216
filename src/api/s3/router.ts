/**
 * Which S3 operation a request is: a pure function of the method, the host, the path and the
 * query's parameter names, as listed per operation in the Amazon S3 API Reference ("Actions").
 * Path style ("/bucket/key") always; virtual-hosted style ("bucket.base.domain/key") when a base
 * domain is configured ("Virtual hosting of buckets").
 */
import { S3Error } from './errors.js';

export type Operation =
  | 'ListBuckets'
  | 'CreateBucket'
  | 'DeleteBucket'
  | 'HeadBucket'
  | 'GetBucketLocation'
  | 'GetBucketVersioning'
  | 'ListObjects'
  | 'ListObjectsV2'
  | 'ListObjectVersions'
  | 'ListMultipartUploads'
  | 'GetBucketNotificationConfiguration'
  | 'PutBucketNotificationConfiguration'
  | 'DeleteObjects'
  | 'GetObject'
  | 'HeadObject'
  | 'PutObject'
  | 'CopyObject'
  | 'DeleteObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'UploadPartCopy'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'ListParts';

export interface RouteInput {
  method: string;
  /** The Host header, port included or not. */
  host: string | undefined;
  /** The path as sent, still percent-encoded. */
  rawPath: string;
  /** Names of the query parameters present. */
  params: ReadonlySet<string>;
  /** Whether x-amz-copy-source is present. */
  copySource: boolean;
}

export interface Route {
  op: Operation;
  bucket?: string;
  key?: string;
}

/** Sub-resources of other S3 features: answered NotImplemented rather than taken for a listing. */
const UNSUPPORTED = ['acl', 'policy', 'cors', 'lifecycle', 'tagging', 'website', 'replication', 'encryption', 'object-lock', 'retention', 'legal-hold', 'accelerate', 'analytics', 'inventory', 'metrics', 'logging', 'requestPayment', 'ownershipControls', 'publicAccessBlock', 'intelligent-tiering', 'select', 'restore', 'torrent', 'attributes'];

export function routeRequest(input: RouteInput, baseDomain?: string): Route {
  const { bucket, key } = splitTarget(input, baseDomain);
  const unsupported = UNSUPPORTED.find((p) => input.params.has(p));
  if (unsupported) throw new S3Error('NotImplemented', `the "${unsupported}" sub-resource is not supported`);
  const op = bucket === undefined ? serviceOp(input) : key === undefined ? bucketOp(input) : objectOp(input);
  return { op, bucket, key };
}

function serviceOp({ method }: RouteInput): Operation {
  if (method === 'GET') return 'ListBuckets';
  throw new S3Error('MethodNotAllowed', `${method} is not allowed on the service`);
}

function bucketOp({ method, params }: RouteInput): Operation {
  switch (method) {
    case 'GET':
      if (params.has('location')) return 'GetBucketLocation';
      if (params.has('versioning')) return 'GetBucketVersioning';
      if (params.has('versions')) return 'ListObjectVersions';
      if (params.has('uploads')) return 'ListMultipartUploads';
      if (params.has('notification')) return 'GetBucketNotificationConfiguration';
      return params.has('list-type') ? 'ListObjectsV2' : 'ListObjects';
    case 'HEAD':
      return 'HeadBucket';
    case 'PUT':
      if (params.has('notification')) return 'PutBucketNotificationConfiguration';
      if (params.has('versioning')) throw new S3Error('NotImplemented', 'versioning is always on for pools and cannot be changed');
      return 'CreateBucket';
    case 'DELETE':
      return 'DeleteBucket';
    case 'POST':
      if (params.has('delete')) return 'DeleteObjects';
  }
  throw new S3Error('MethodNotAllowed', `${method} is not allowed on a bucket`);
}

function objectOp({ method, params, copySource }: RouteInput): Operation {
  switch (method) {
    case 'GET':
      return params.has('uploadId') ? 'ListParts' : 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'PUT':
      if (params.has('uploadId') && params.has('partNumber')) return copySource ? 'UploadPartCopy' : 'UploadPart';
      return copySource ? 'CopyObject' : 'PutObject';
    case 'POST':
      if (params.has('uploads')) return 'CreateMultipartUpload';
      if (params.has('uploadId')) return 'CompleteMultipartUpload';
      break;
    case 'DELETE':
      return params.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
  }
  throw new S3Error('MethodNotAllowed', `${method} is not allowed on an object`);
}

function splitTarget(input: RouteInput, baseDomain: string | undefined): { bucket?: string; key?: string } {
  const path = decode(input.rawPath).replace(/^\//, '');
  const hostBucket = baseDomain === undefined ? undefined : bucketFromHost(input.host, baseDomain);
  if (hostBucket !== undefined) return { bucket: hostBucket, key: path === '' ? undefined : path };
  const slash = path.indexOf('/');
  if (path === '') return {};
  if (slash < 0 || slash === path.length - 1) return { bucket: path.slice(0, slash < 0 ? undefined : slash) };
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

function bucketFromHost(host: string | undefined, baseDomain: string): string | undefined {
  const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  const suffix = `.${baseDomain.toLowerCase()}`;
  return name.endsWith(suffix) && name.length > suffix.length ? name.slice(0, -suffix.length) : undefined;
}

function decode(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    throw new S3Error('InvalidURI', 'the request path is not valid percent-encoding');
  }
}
