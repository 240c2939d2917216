/**
 * Buckets are pools: ListBuckets shows the pools the caller may read, CreateBucket makes a pool
 * they own, DeleteBucket deletes an empty one (recoverably, as pools are deleted).
 */
import { AlreadyExistsError } from '../../../core/errors.js';
import type { Handler, S3Call } from '../context.js';
import { S3Error } from '../errors.js';
import { readSmallBody } from '../payload.js';
import { S3_NAMESPACE, xmlDocument } from '../xml.js';
import { sendXml } from './respond.js';

export const bucketOf = (call: S3Call): string => call.route.bucket!;

export const listBuckets: Handler = async (call) => {
  const pools = call.deps.pools.pools.list(call.actor);
  return sendXml(call, xmlDocument('ListAllMyBucketsResult', [
    ['Owner', [['ID', call.actor.name], ['DisplayName', call.actor.name]]],
    ['Buckets', pools.map((p) => ['Bucket', [['Name', p.name], ['CreationDate', new Date(p.createdAt).toISOString()]]] as const)],
  ], S3_NAMESPACE));
};

export const createBucket: Handler = async (call) => {
  // The body, if any, names a location constraint: every node is one location, so it is read and ignored.
  await readSmallBody(call.payload.bytes, 64 * 1024);
  try {
    await call.deps.pools.pools.create(bucketOf(call), call.actor);
  } catch (err) {
    if (err instanceof AlreadyExistsError) throw new S3Error('BucketAlreadyOwnedByYou', `bucket "${bucketOf(call)}" already exists`);
    throw err;
  }
  return call.reply.code(200).header('location', `/${bucketOf(call)}`).send();
};

export const headBucket: Handler = async (call) => {
  call.deps.pools.pools.get(bucketOf(call), call.actor);
  return call.reply.code(200).header('x-amz-bucket-region', call.deps.region).send();
};

export const deleteBucket: Handler = async (call) => {
  const { pools, files } = call.deps.pools;
  if (files.filesFrom(bucketOf(call), '', '', 1, call.actor).length > 0) throw new S3Error('BucketNotEmpty', 'the bucket you tried to delete is not empty');
  await pools.delete(bucketOf(call), call.actor);
  return call.reply.code(204).send();
};

export const getBucketLocation: Handler = async (call) => {
  call.deps.pools.pools.get(bucketOf(call), call.actor);
  // "us-east-1" is answered as an empty constraint, as S3 does ("GetBucketLocation", Response Elements).
  const region = call.deps.region === 'us-east-1' ? '' : call.deps.region;
  return sendXml(call, `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${S3_NAMESPACE}">${region}</LocationConstraint>`);
};

export const getBucketVersioning: Handler = async (call) => {
  call.deps.pools.pools.get(bucketOf(call), call.actor);
  // Pools always keep versions of replaced content.
  return sendXml(call, xmlDocument('VersioningConfiguration', [['Status', 'Enabled']], S3_NAMESPACE));
};
