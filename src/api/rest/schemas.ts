/** Shapes shared by REST routes; they validate input and document output in the OpenAPI description. */
import { z } from 'zod';

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

export const entrySchema = z.object({
  path: z.string(),
  name: z.string(),
  type: z.enum(['file', 'dir']),
  size: z.number(),
  modifiedAt: z.string().describe('ISO 8601'),
  etag: z.string().optional().describe('content identity: the manifest hash; absent for folders'),
  fileId: z.string().describe('stable across renames; versions follow it'),
  versionVector: z.record(z.string(), z.number()),
  author: z.object({ user: z.string().optional(), node: z.string() }),
});

export const poolSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['home', 'shared']),
  owner: z.string().optional(),
  createdAt: z.string(),
  deletedAt: z.string().optional(),
  trashRetentionDays: z.number().optional(),
  /** How this node holds the pool when it is shared on the network. */
  subscription: z.enum(['mirror', 'replica']).optional(),
  copies: z.number().optional(),
  usage: z.object({ files: z.number(), versions: z.number(), trash: z.number() }),
});

export const userSchema = z.object({
  id: z.number(),
  name: z.string(),
  role: z.enum(['admin', 'user']),
  disabled: z.boolean(),
  quotaBytes: z.number().optional(),
  usedBytes: z.number(),
  versionsBytes: z.number(),
  trashBytes: z.number(),
  homePool: z.string().optional(),
  createdAt: z.string(),
});

export const versionSchema = z.object({
  id: z.number(),
  size: z.number(),
  modifiedAt: z.string(),
  replacedAt: z.string(),
  etag: z.string(),
  author: z.object({ user: z.string().optional(), node: z.string() }),
});

export const trashItemSchema = z.object({
  id: z.number(),
  originalPath: z.string(),
  type: z.enum(['file', 'dir']),
  size: z.number(),
  deletedAt: z.string(),
  deletedBy: z.string().optional(),
});

export const tokenSchema = z.object({
  id: z.number(),
  label: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().optional(),
});

export const sessionSchema = z.object({
  id: z.number(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastSeenAt: z.string(),
  userAgent: z.string().optional(),
  address: z.string().optional(),
  current: z.boolean(),
});

export const poolParams = z.object({ pool: z.string().min(1).max(63) });
export const poolPathParams = poolParams.extend({ '*': z.string() });
export const idParam = z.coerce.number().int().positive();

export const passwordField = z.string().min(1).max(1024);

/** `?download=true` asks for an attachment; "false", "0", "no" mean inline (a plain coercion would read "false" as true). */
export const downloadFlag = z.stringbool().default(false);
