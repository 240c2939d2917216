/**
 * The one place where errors become S3 answers: an HTTP status, an S3 error code and the XML body
 * of "Error Responses" (Amazon S3 API Reference, "Error responses" and "List of error codes").
 * S3-only conditions are raised as S3Error; Kith's own errors are translated by their code.
 */
import type { FastifyReply } from 'fastify';
import { KithError, type ErrorCode } from '../../core/errors.js';
import { xmlDocument } from './xml.js';

const S3_CODES = {
  AccessDenied: [403, 'E_FORBIDDEN'],
  AuthorizationHeaderMalformed: [400, 'E_UNAUTHORIZED'],
  AuthorizationQueryParametersError: [400, 'E_UNAUTHORIZED'],
  BadDigest: [400, 'E_INVALID'],
  BucketAlreadyOwnedByYou: [409, 'E_EXISTS'],
  BucketNotEmpty: [409, 'E_CONFLICT'],
  EntityTooLarge: [400, 'E_TOO_LARGE'],
  EntityTooSmall: [400, 'E_INVALID'],
  IncompleteBody: [400, 'E_INVALID'],
  InternalError: [500, 'E_INTERNAL'],
  InvalidAccessKeyId: [403, 'E_UNAUTHORIZED'],
  InvalidArgument: [400, 'E_INVALID'],
  InvalidBucketName: [400, 'E_BAD_NAME'],
  InvalidDigest: [400, 'E_INVALID'],
  InvalidObjectName: [400, 'E_BAD_NAME'],
  InvalidPart: [400, 'E_INVALID'],
  InvalidPartOrder: [400, 'E_INVALID'],
  InvalidRange: [416, 'E_RANGE'],
  InvalidRequest: [400, 'E_INVALID'],
  InvalidURI: [400, 'E_INVALID'],
  MalformedXML: [400, 'E_INVALID'],
  MethodNotAllowed: [405, 'E_INVALID'],
  MissingContentLength: [411, 'E_INVALID'],
  NoSuchBucket: [404, 'E_NOT_FOUND'],
  NoSuchKey: [404, 'E_NOT_FOUND'],
  NoSuchUpload: [404, 'E_NOT_FOUND'],
  NoSuchVersion: [404, 'E_NOT_FOUND'],
  NotImplemented: [501, 'E_INVALID'],
  OperationAborted: [409, 'E_CONFLICT'],
  PreconditionFailed: [412, 'E_CONFLICT'],
  QuotaExceeded: [403, 'E_QUOTA'],
  RequestTimeTooSkewed: [403, 'E_UNAUTHORIZED'],
  ServiceUnavailable: [503, 'E_DISK_FULL'],
  SignatureDoesNotMatch: [403, 'E_UNAUTHORIZED'],
  XAmzContentSHA256Mismatch: [400, 'E_INVALID'],
} as const satisfies Record<string, readonly [number, ErrorCode]>;

export type S3Code = keyof typeof S3_CODES;

export class S3Error extends KithError {
  constructor(
    readonly s3Code: S3Code,
    message: string,
  ) {
    super(S3_CODES[s3Code][1], message);
  }
}

/** Kith codes as S3 codes, for the resource the request named. */
const FROM_KITH: Record<ErrorCode, S3Code> = {
  E_INVALID: 'InvalidArgument',
  E_BAD_NAME: 'InvalidObjectName',
  E_WEAK_PASSWORD: 'InvalidArgument',
  E_ABORTED: 'IncompleteBody',
  E_UNAUTHORIZED: 'AccessDenied',
  E_FORBIDDEN: 'AccessDenied',
  E_NOT_FOUND: 'NoSuchKey',
  E_GONE: 'NoSuchKey',
  E_EXISTS: 'PreconditionFailed',
  E_CONFLICT: 'InvalidRequest',
  E_TOO_LARGE: 'EntityTooLarge',
  E_RANGE: 'InvalidRange',
  E_UNSUPPORTED: 'NotImplemented',
  E_RATE_LIMITED: 'ServiceUnavailable',
  E_QUOTA: 'QuotaExceeded',
  E_DISK_FULL: 'ServiceUnavailable',
  E_CORRUPT: 'InternalError',
  E_UNREACHABLE: 'ServiceUnavailable',
  E_INTERNAL: 'InternalError',
};

export interface ErrorTarget {
  bucket?: string;
  key?: string;
}

/** The S3 code for any error; a "not found" names the bucket when there is no key. */
export function s3CodeOf(err: unknown, target: ErrorTarget): S3Code {
  if (err instanceof S3Error) return err.s3Code;
  if (!(err instanceof KithError)) return 'InternalError';
  if (err.code === 'E_NOT_FOUND' && target.key === undefined) return 'NoSuchBucket';
  return FROM_KITH[err.code];
}

export function sendS3Error(reply: FastifyReply, err: unknown, target: ErrorTarget, requestId: string): FastifyReply {
  const code = s3CodeOf(err, target);
  const message = code === 'InternalError' ? 'We encountered an internal error. Please try again.' : (err as Error).message;
  const resource = target.bucket === undefined ? '/' : `/${target.bucket}${target.key === undefined ? '' : `/${target.key}`}`;
  reply.code(S3_CODES[code][0]).header('content-type', 'application/xml');
  if (reply.request.method === 'HEAD') return reply.send();
  return reply.send(
    xmlDocument('Error', [
      ['Code', code],
      ['Message', message],
      ['Resource', resource],
      ['RequestId', requestId],
      ...(target.bucket === undefined ? [] : ([['BucketName', target.bucket]] as const)),
    ]),
  );
}
