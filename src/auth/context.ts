import type { Logger } from '../core/log.js';
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
  log: Logger;
  now: () => number;
}
