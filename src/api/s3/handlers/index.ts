/** Every S3 operation the router knows, and the handler that serves it. */
import type { Handler } from '../context.js';
import { S3Error } from '../errors.js';
import type { Operation } from '../router.js';
import { createBucket, deleteBucket, getBucketLocation, getBucketVersioning, headBucket, listBuckets } from './buckets.js';
import { listObjects, listObjectsV2 } from './list-objects.js';
import { deleteObject, getObject, headObject, putObject } from './objects.js';

const notYet: Handler = async (call) => {
  throw new S3Error('NotImplemented', `${call.route.op} is not implemented`);
};

export const HANDLERS: Record<Operation, Handler> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  DeleteBucket: deleteBucket,
  HeadBucket: headBucket,
  GetBucketLocation: getBucketLocation,
  GetBucketVersioning: getBucketVersioning,
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
  ListObjectVersions: notYet,
  ListMultipartUploads: notYet,
  GetBucketNotificationConfiguration: notYet,
  PutBucketNotificationConfiguration: notYet,
  DeleteObjects: notYet,
  GetObject: getObject,
  HeadObject: headObject,
  PutObject: putObject,
  CopyObject: notYet,
  DeleteObject: deleteObject,
  CreateMultipartUpload: notYet,
  UploadPart: notYet,
  UploadPartCopy: notYet,
  CompleteMultipartUpload: notYet,
  AbortMultipartUpload: notYet,
  ListParts: notYet,
};
