/** The shapes the REST API sends (see /api/v1/openapi.json); only the fields the app reads. */

export interface Entry {
  path: string;
  name: string;
  type: 'file' | 'dir';
  size: number;
  modifiedAt: string;
  etag?: string;
}

export interface Pool {
  id: string;
  name: string;
  kind: 'home' | 'shared';
  owner?: string;
}

export interface User {
  id: number;
  name: string;
  role: 'admin' | 'user';
  disabled: boolean;
  usedBytes: number;
  /** No quota: as much as the disk holds. */
  quotaBytes?: number;
  homePool?: string;
}

export interface Version {
  id: number;
  size: number;
  modifiedAt: string;
  replacedAt: string;
  author: { user?: string; node: string };
}

export interface TrashItem {
  id: number;
  originalPath: string;
  type: 'file' | 'dir';
  size: number;
  deletedAt: string;
  deletedBy?: string;
}

export interface FolderPage {
  entry: Entry;
  children?: { items: Entry[]; total: number; offset: number; limit: number };
}

export interface StrengthVerdict {
  score: number;
  ok: boolean;
  warning?: string;
  suggestions: string[];
}

export interface Session {
  id: number;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  userAgent?: string;
  address?: string;
  current: boolean;
}

export interface AppPassword {
  id: number;
  label: string;
  createdAt: string;
  lastUsedAt?: string;
}

export type LinkKind = 'download' | 'drop' | 'feed';

export interface ShareLink {
  id: number;
  url: string;
  token: string;
  kind: LinkKind;
  pool: string;
  path: string;
  expiresAt?: string;
  hasPassword: boolean;
  maxDownloads?: number;
  downloads: number;
  maxUploadBytes?: number;
  uploads: number;
  createdAt: string;
}

/** What a share link's visitor is told about it before anything else. */
export interface LinkInfo {
  kind: LinkKind;
  needsPassword: boolean;
  expiresAt?: string;
  item?: Entry;
  maxUploadBytes?: number;
  downloadsLeft?: number;
}
