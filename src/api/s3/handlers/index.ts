/** Every S3 operation the router knows, and the handler that serves it. */
import type { Handler } from '../context.js';
import type { Operation } from '../router.js';
import { createBucket, deleteBucket, getBucketLocation, getBucketVersioning, headBucket, listBuckets } from './buckets.js';
import { copyObject } from './copy-object.js';
import { deleteObjects } from './delete-objects.js';
import { listObjects, listObjectsV2 } from './list-objects.js';
import { listObjectVersions } from './list-versions.js';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, listMultipartUploads, listParts, uploadPart, uploadPartCopy } from './multipart.js';
import { getBucketNotification, putBucketNotification } from './notifications.js';
import { deleteObject, getObject, headObject, putObject } from './objects.js';

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
  GetBucketNotificationConfiguration: getBucketNotification,
  PutBucketNotificationConfiguration: putBucketNotification,
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
