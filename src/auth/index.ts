/**
 * Accounts and access: users (scrypt password hashes, zxcvbn strength check), browser sessions,
 * API tokens and app passwords, login rate limiting, first-run setup, and share links (capabilities
 * for people without an account, share-links.ts). Read `credentials.ts`.
 */
import { AccountService } from './accounts.js';
import type { AuthContext } from './context.js';
import { CredentialService } from './credentials.js';
import { S3KeyService } from './s3-keys.js';
import { SetupService } from './setup.js';
import { ShareLinkService } from './share-links.js';

export { requireAdmin, type NewUser, type UserChanges, type UserView } from './accounts.js';
export type { AuthContext, AuthPolicy } from './context.js';
export type { ClientInfo, NewSession } from './credentials.js';
export { assertStrongPassword, ratePassword, type StrengthVerdict } from './password-strength.js';
export type { S3KeyView } from './s3-keys.js';
export type { NewLinkOptions, OpenLink } from './share-links.js';
export { AccountService, CredentialService, S3KeyService, SetupService, ShareLinkService };

export interface AuthServices {
  accounts: AccountService;
  credentials: CredentialService;
  setup: SetupService;
  s3Keys: S3KeyService;
  shareLinks: ShareLinkService;
}

export function createAuthServices(ctx: AuthContext): AuthServices {
  const accounts = new AccountService(ctx);
  return {
    accounts,
    credentials: new CredentialService(ctx),
    setup: new SetupService(ctx, accounts),
    shareLinks: new ShareLinkService(ctx, ctx.files),
    s3Keys: new S3KeyService(ctx),
  };
}
