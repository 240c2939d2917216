/**
 * Every error Kith raises on purpose is a KithError with a stable `code`. Codes are part of the
 * wire format (REST `{error: {code, message}}`, CLI exit codes, later WebDAV and S3 mappings), so
 * they never change meaning. Each API maps codes to its own dialect in one place.
 */
export type ErrorCode =
  | 'E_INVALID'
  | 'E_BAD_NAME'
  | 'E_NOT_FOUND'
  | 'E_GONE'
  | 'E_EXISTS'
  | 'E_CONFLICT'
  | 'E_UNAUTHORIZED'
  | 'E_FORBIDDEN'
  | 'E_WEAK_PASSWORD'
  | 'E_RATE_LIMITED'
  | 'E_QUOTA'
  | 'E_TOO_LARGE'
  | 'E_RANGE'
  | 'E_UNSUPPORTED'
  | 'E_CORRUPT'
  | 'E_DISK_FULL'
  | 'E_ABORTED'
  | 'E_UNREACHABLE'
  | 'E_INTERNAL';

export class KithError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

export class InvalidInputError extends KithError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_INVALID', message, options);
  }
}

export class BadNameError extends KithError {
  constructor(message: string) {
    super('E_BAD_NAME', message);
  }
}

export class NotFoundError extends KithError {
  constructor(message: string) {
    super('E_NOT_FOUND', message);
  }
}

/** It existed and will not come back: an expired share link, one whose downloads are used up. */
export class GoneError extends KithError {
  constructor(message: string) {
    super('E_GONE', message);
  }
}

export class AlreadyExistsError extends KithError {
  constructor(message: string) {
    super('E_EXISTS', message);
  }
}

/** The target changed under the caller (a stale version, a non-empty directory, a type clash). */
export class ConflictError extends KithError {
  constructor(message: string) {
    super('E_CONFLICT', message);
  }
}

export class UnauthorizedError extends KithError {
  constructor(message = 'authentication required') {
    super('E_UNAUTHORIZED', message);
  }
}

export class ForbiddenError extends KithError {
  constructor(message = 'not allowed') {
    super('E_FORBIDDEN', message);
  }
}

export class WeakPasswordError extends KithError {
  constructor(message: string) {
    super('E_WEAK_PASSWORD', message);
  }
}

export class RateLimitedError extends KithError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super('E_RATE_LIMITED', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class QuotaExceededError extends KithError {
  constructor(message: string) {
    super('E_QUOTA', message);
  }
}

export class TooLargeError extends KithError {
  constructor(message: string) {
    super('E_TOO_LARGE', message);
  }
}

export class RangeNotSatisfiableError extends KithError {
  readonly size: number;

  constructor(message: string, size: number) {
    super('E_RANGE', message);
    this.size = size;
  }
}

/** Stored bytes do not match their hash: never served, always reported. */
export class CorruptChunkError extends KithError {
  readonly hash: string;

  constructor(hash: string, message = `chunk ${hash} is corrupt: its content does not match its hash`) {
    super('E_CORRUPT', message);
    this.hash = hash;
  }
}

export class DiskFullError extends KithError {
  constructor(message = 'no space left on the storage device', options?: { cause?: unknown }) {
    super('E_DISK_FULL', message, options);
  }
}

export class AbortedError extends KithError {
  constructor(message = 'operation aborted', options?: { cause?: unknown }) {
    super('E_ABORTED', message, options);
  }
}

/** No peer that could serve the request answered (gateways of an invite, for instance). */
export class UnreachableError extends KithError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_UNREACHABLE', message, options);
  }
}
