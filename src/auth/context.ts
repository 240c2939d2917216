import type { Logger } from '../core/log.js';
import type { SecretBox } from '../identity/index.js';
import type { Meta } from '../meta/index.js';
import type { FileService, PoolService } from '../pool/index.js';

export interface AuthPolicy {
  sessionTtlSeconds: number;
  loginAttempts: number;
  loginWindowSeconds: number;
  defaultQuotaBytes: number | undefined;
}

export interface AuthContext {
  meta: Meta;
  pools: PoolService;
  files: FileService;
  policy: AuthPolicy;
  /** Seals secrets the node must read back (S3 secret keys). */
  secrets: SecretBox;
  log: Logger;
  now: () => number;
}
