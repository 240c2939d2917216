/** Every S3 operation the router knows, and the handler that serves it. */
import type { Handler } from '../context.js';
import { S3Error } from '../errors.js';
import type { Operation } from '../router.js';
import { createBucket, deleteBucket, getBucketLocation, getBucketVersioning, headBucket, listBuckets } from './buckets.js';
import { copyObject } from './copy-object.js';
import { deleteObjects } from './delete-objects.js';
import { listObjects, listObjectsV2 } from './list-objects.js';
import { listObjectVersions } from './list-versions.js';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, listMultipartUploads, listParts, uploadPart, uploadPartCopy } from './multipart.js';
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
  ListObjectVersions: listObjectVersions,
  ListMultipartUploads: listMultipartUploads,
  GetBucketNotificationConfiguration: notYet,
  PutBucketNotificationConfiguration: notYet,
  DeleteObjects: deleteObjects,
  GetObject: getObject,
  HeadObject: headObject,
  PutObject: putObject,
  CopyObject: copyObject,
  DeleteObject: deleteObject,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
};
