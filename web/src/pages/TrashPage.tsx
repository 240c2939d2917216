/** A pool's trash, newest first: restore an item to where it was, or delete it for good. */
import { useState } from 'preact/hooks';
import { listTrash, purgeFromTrash, restoreFromTrash } from '../api/files';
import type { TrashItem } from '../api/types';
import { Icon } from '../components/icons';
import { useListed } from '../components/use-listed';
import { formatDate, formatSize } from '../format';
import { filesUrl, followLink } from '../router';

export function TrashPage({ pool }: { pool: string }) {
  const { items, busy, error, change } = useListed(() => listTrash(pool), [pool]);
  const [notice, setNotice] = useState('');
  const restore = (item: TrashItem) =>
    change(async () => {
      const entry = await restoreFromTrash(pool, item.id);
      setNotice(`Restored "${entry.path}".`);
    });
  const purge = (item: TrashItem) =>
    change(async () => {
      await purgeFromTrash(pool, item.id);
      setNotice(`Deleted "${item.originalPath}" for good.`);
    });

  return (
    <div class="trash-page">
      <h1>
        Trash of <a href={filesUrl(pool)} onClick={followLink}>{pool}</a>
      </h1>
      <p class="notice" role="status">{notice}</p>
      {error && <p class="error" role="alert">{error}</p>}
      {items?.length === 0 && <p class="empty">The trash is empty.</p>}
      <ul class="trash-list" aria-label="Items in the trash">
        {items?.map((item) => (
          <li key={item.id}>
            <Icon name={item.type === 'dir' ? 'folder' : 'file'} />
            <span class="name">{item.originalPath}</span>
            <span class="size">{item.type === 'dir' ? '' : formatSize(item.size)}</span>
            <span class="date">deleted {formatDate(item.deletedAt)}{item.deletedBy ? ` by ${item.deletedBy}` : ''}</span>
            <button type="button" disabled={busy} onClick={() => void restore(item)} aria-label={`Restore ${item.originalPath}`}>
              <Icon name="restore" /> <span class="label">Restore</span>
            </button>
            <button type="button" class="danger" disabled={busy} onClick={() => void purge(item)} aria-label={`Delete for good: ${item.originalPath}`}>
              <Icon name="trash" /> <span class="label">Delete for good</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
