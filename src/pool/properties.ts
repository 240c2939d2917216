/**
 * Dead properties of files and folders: name/value pairs that clients (WebDAV PROPPATCH) attach to
 * a path. They belong to the file uid, so a move keeps them and a copy duplicates them; a patch is
 * applied whole or not at all (RFC 4918 §9.2).
 */
import type { Actor } from '../core/actor.js';
import { normalizePath } from '../core/names.js';
import type { DeadProperty, Entry } from '../meta/index.js';
import { resolvePool } from './access.js';
import type { PoolContext } from './context.js';
import type { FileService } from './files.js';

export type PropertyChange = { set: DeadProperty } | { remove: { namespace: string; name: string } };

export class PropertyService {
  constructor(
    private readonly ctx: PoolContext,
    private readonly files: FileService,
  ) {}

  list(entry: Entry): DeadProperty[] {
    return this.ctx.meta.properties.list(entry.fileUid);
  }

  /** Applies the changes in order, in one transaction, after checking write access. */
  async patch(poolName: string, rawPath: string, changes: readonly PropertyChange[], actor: Actor): Promise<void> {
    const { meta } = this.ctx;
    await meta.commit(() => {
      resolvePool(meta, poolName, actor, 'write');
      const { fileUid } = this.files.stat(poolName, rawPath, actor);
      for (const change of changes) {
        if ('set' in change) meta.properties.set(fileUid, change.set);
        else meta.properties.remove(fileUid, change.remove.namespace, change.remove.name);
      }
    });
  }

  /** After a copy of `from` to `to`: gives every copied file and folder the properties of its original. */
  async copyAlong(fromPool: string, from: string, toPool: string, to: string, actor: Actor): Promise<void> {
    const { meta } = this.ctx;
    const fromPath = normalizePath(from);
    const toPath = normalizePath(to);
    await meta.commit(() => {
      const source = resolvePool(meta, fromPool, actor, 'read');
      const target = resolvePool(meta, toPool, actor, 'write');
      const originals = [meta.entries.getLive(source.id, fromPath), ...meta.entries.subtree(source.id, fromPath)];
      for (const original of originals) {
        if (!original) continue;
        const copy = meta.entries.getLive(target.id, toPath + original.path.slice(fromPath.length));
        if (copy) meta.properties.copy(original.fileUid, copy.fileUid);
      }
    });
  }
}
