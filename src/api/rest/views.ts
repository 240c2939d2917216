/** Records as the REST API shows them: names a person reads, ISO 8601 times, no internal ids. */
import type { UserView } from '../../auth/index.js';
import type { Entry, Pool, Session, Token, TrashItem, Version } from '../../meta/index.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOpt = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : iso(ms));

export function entryView(e: Entry) {
  return {
    path: e.path,
    name: e.name,
    type: e.kind,
    size: e.size,
    modifiedAt: iso(e.mtime),
    etag: e.manifest,
    fileId: e.fileUid,
    versionVector: e.vv,
    author: { user: e.authorUser, node: e.authorNode },
  };
}

export function poolView(p: Pool, ownerName: string | undefined) {
  return {
    id: p.uid,
    name: p.name,
    kind: p.kind,
    owner: ownerName,
    createdAt: iso(p.createdAt),
    deletedAt: isoOpt(p.deletedAt),
    trashRetentionDays: p.trashRetentionDays,
    subscription: p.subscription,
    copies: p.copies,
    usage: { files: p.filesBytes, versions: p.versionsBytes, trash: p.trashBytes },
  };
}

export function userView(u: UserView) {
  return { ...u, createdAt: iso(u.createdAt) };
}

export function versionView(v: Version) {
  return {
    id: v.id,
    size: v.size,
    modifiedAt: iso(v.mtime),
    replacedAt: iso(v.replacedAt),
    etag: v.manifest,
    author: { user: v.authorUser, node: v.authorNode },
  };
}

export function trashView(t: TrashItem) {
  return {
    id: t.id,
    originalPath: t.originalPath,
    type: t.kind,
    size: t.size,
    deletedAt: iso(t.deletedAt),
    deletedBy: t.deletedBy,
  };
}

export function tokenView(t: Token) {
  return { id: t.id, label: t.label, createdAt: iso(t.createdAt), lastUsedAt: isoOpt(t.lastUsedAt) };
}

export function sessionView(s: Session, currentId: number | undefined) {
  return {
    id: s.id,
    createdAt: iso(s.createdAt),
    expiresAt: iso(s.expiresAt),
    lastSeenAt: iso(s.lastSeenAt),
    userAgent: s.userAgent,
    address: s.address,
    current: s.id === currentId,
  };
}
