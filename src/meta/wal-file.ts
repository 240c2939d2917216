/**
 * The database's write-ahead log as a file to fsync. fsync applies to the file, not to the
 * descriptor, so syncing our own read-only descriptor makes durable every frame SQLite has written
 * through its own. Concurrent requests share fsyncs (FsyncCoalescer): under load, many commits
 * cost one fsync.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { FsyncCoalescer } from '../store/index.js';

export class WalFile {
  private handle: FileHandle | undefined;
  private readonly coalescer = new FsyncCoalescer(() => this.fsync());

  constructor(private readonly path: string) {}

  /** Resolves once an fsync of the WAL that started after this call has completed. */
  sync(): Promise<void> {
    return this.coalescer.sync(this.path);
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }

  private async fsync(): Promise<void> {
    // Opened once and kept: SQLite keeps the WAL file (and its inode) while the connection is open.
    this.handle ??= await open(this.path, 'r');
    await this.handle.sync();
  }
}
