/**
 * The metadata layer: the node's SQLite database (better-sqlite3, WAL, synchronous=FULL) and one
 * small repository class per table group, each preparing its queries once. Read `db.ts` (opening,
 * numbered migrations in `migrations/`), then `commit-queue.ts` (group commit: how writes become
 * durable before they are acknowledged), then `content-refs.ts` (reference counts).
 *
 * Repositories never open transactions themselves: the caller (the pool layer) wraps each change
 * and every row it touches — file record, version, trash item, reference counts, byte counters,
 * event — in one transaction, through `Meta.commit`.
 */
import { CommitQueue } from './commit-queue.js';
import { ContentRefs } from './content-refs.js';
import { SessionRepo, TokenRepo } from './credentials.js';
import { openDatabase, type Db } from './db.js';
import { EntryRepo } from './entries.js';
import { EventLog } from './events.js';
import { FaultRepo } from './faults.js';
import { FavoriteRepo } from './favorites.js';
import { IntegrityQueries } from './integrity.js';
import { NetworkRepo } from './network.js';
import { SyncRepo } from './sync.js';
import { PoolRepo } from './pools.js';
import { PropertyRepo } from './properties.js';
import { S3KeyRepo } from './s3-keys.js';
import { NotifyRepo } from './s3-notify.js';
import { ObjectAttrRepo } from './s3-objects.js';
import { UploadRepo } from './s3-uploads.js';
import { SettingsRepo } from './settings.js';
import { ShareLinkRepo } from './share-links.js';
import { TrashRepo } from './trash.js';
import { UserRepo } from './users.js';
import { WalFile } from './wal-file.js';
import { WebDavLockRepo } from './webdav-locks.js';
import { VersionRepo } from './versions.js';

export type { Db } from './db.js';
export type { ChunkEntry, ManifestRow, UnreferencedChunk } from './content-refs.js';
export type { Session, Token } from './credentials.js';
export type { Entry, EntryKind, EntryWrite, ListOptions, SortKey } from './entries.js';
export type { EventType, KithEvent } from './events.js';
export type { ContentUser, RefMismatch } from './integrity.js';
export type { ByteCounter, MemberRole, Pool, PoolKind, Subscription } from './pools.js';
export type { DeadProperty } from './properties.js';
export type { WebDavLock } from './webdav-locks.js';
export type { TrashEntry, TrashItem } from './trash.js';
export type { Role, User } from './users.js';
export type { Version } from './versions.js';
export type { InviteRow, NetworkRow, PeerRow } from './network.js';
export type { BlockRow, PendingReport } from './faults.js';
export type { Favorite } from './favorites.js';
export type { NetworkPoolRow } from './sync.js';
export type { S3Key } from './s3-keys.js';
export type { NotifyTarget, OutboxItem } from './s3-notify.js';
export type { ObjectAttrs } from './s3-objects.js';
export type { Upload, UploadPart } from './s3-uploads.js';
export { SHARE_LINK_KINDS, type NewShareLink, type ShareLink, type ShareLinkKind } from './share-links.js';
export { ContentRefs, EntryRepo, EventLog, FaultRepo, FavoriteRepo, IntegrityQueries, NetworkRepo, PoolRepo, PropertyRepo, SyncRepo, SessionRepo, SettingsRepo, ShareLinkRepo, TokenRepo, TrashRepo, UserRepo, VersionRepo, WebDavLockRepo };
export { NotifyRepo, ObjectAttrRepo, S3KeyRepo, UploadRepo };

export interface Meta {
  readonly db: Db;
  readonly settings: SettingsRepo;
  readonly users: UserRepo;
  readonly sessions: SessionRepo;
  readonly tokens: TokenRepo;
  readonly pools: PoolRepo;
  readonly content: ContentRefs;
  readonly entries: EntryRepo;
  readonly versions: VersionRepo;
  readonly trash: TrashRepo;
  readonly events: EventLog;
  readonly integrity: IntegrityQueries;
  readonly network: NetworkRepo;
  readonly sync: SyncRepo;
  readonly faults: FaultRepo;
  readonly properties: PropertyRepo;
  readonly webdavLocks: WebDavLockRepo;
  readonly shareLinks: ShareLinkRepo;
  readonly favorites: FavoriteRepo;
  /** The S3 door's tables (007-s3.sql). */
  readonly s3Keys: S3KeyRepo;
  readonly s3Objects: ObjectAttrRepo;
  readonly s3Uploads: UploadRepo;
  readonly s3Notify: NotifyRepo;
  /** Runs `work` in a transaction, grouped with concurrent ones; resolves once durable. */
  commit<T>(work: () => T): Promise<T>;
  close(): Promise<void>;
}

export function openMeta(file: string): Meta {
  const db = openDatabase(file);
  const wal = new WalFile(`${file}-wal`);
  const queue = new CommitQueue(db, () => wal.sync());
  return {
    db,
    settings: new SettingsRepo(db),
    users: new UserRepo(db),
    sessions: new SessionRepo(db),
    tokens: new TokenRepo(db),
    pools: new PoolRepo(db),
    content: new ContentRefs(db),
    entries: new EntryRepo(db),
    versions: new VersionRepo(db),
    trash: new TrashRepo(db),
    events: new EventLog(db),
    integrity: new IntegrityQueries(db),
    network: new NetworkRepo(db),
    sync: new SyncRepo(db),
    faults: new FaultRepo(db),
    properties: new PropertyRepo(db),
    webdavLocks: new WebDavLockRepo(db),
    shareLinks: new ShareLinkRepo(db),
    favorites: new FavoriteRepo(db),
    s3Keys: new S3KeyRepo(db),
    s3Objects: new ObjectAttrRepo(db),
    s3Uploads: new UploadRepo(db),
    s3Notify: new NotifyRepo(db),
    commit: (work) => queue.run(work),
    async close() {
      await queue.drain();
      db.close();
      await wal.close();
    },
  };
}
