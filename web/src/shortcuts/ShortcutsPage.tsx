/**
 * The Favorites and Recent pages: files and folders from every pool the user reads, each with
 * where it is. A folder opens in the file manager, a file in a new tab (sandboxed by the node).
 */
import { useState } from 'preact/hooks';
import { contentUrl } from '../api/files';
import { listFavorites, listRecent, removeFavorite, type PoolEntry } from '../api/shortcuts';
import { Icon } from '../components/icons';
import { useListed } from '../components/use-listed';
import { parentOf } from '../files/file-actions';
import { formatDate, formatSize } from '../format';
import { filesUrl, followLink } from '../router';
import './shortcuts.css';

export type ShortcutKind = 'favorites' | 'recent';

const PAGES = {
  favorites: { title: 'Favorites', load: listFavorites, empty: 'No favorites yet: star a file or folder in the file manager (or select it and press S).' },
  recent: { title: 'Recent files', load: listRecent, empty: 'No files written lately.' },
};

export function ShortcutsPage({ kind }: { kind: ShortcutKind }) {
  const page = PAGES[kind];
  const { items, busy, error, change } = useListed(page.load, [kind]);
  const [notice, setNotice] = useState('');
  const unstar = ({ pool, entry }: PoolEntry) =>
    change(async () => {
      await removeFavorite(pool, entry.path);
      setNotice(`"${entry.name}" is no longer a favorite.`);
    });

  return (
    <div class="shortcuts-page">
      <h1>{page.title}</h1>
      <p class="notice" role="status">{notice}</p>
      {error && <p class="error" role="alert">{error}</p>}
      {items?.length === 0 && <p class="empty">{page.empty}</p>}
      <ul class="shortcut-list" aria-label={page.title}>
        {items?.map((item) => (
          <li key={`${item.pool}/${item.entry.path}`}>
            <Icon name={item.entry.type === 'dir' ? 'folder' : 'file'} />
            <ShortcutName item={item} />
            <span class="size">{item.entry.type === 'dir' ? '' : formatSize(item.entry.size)}</span>
            <span class="date">{formatDate(item.entry.modifiedAt)}</span>
            {kind === 'favorites' && (
              <button type="button" class="icon-button unstar" disabled={busy} onClick={() => void unstar(item)} aria-label={`Remove ${item.entry.name} from favorites`} title="Remove from favorites">
                <Icon name="star" />
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ShortcutName({ item: { pool, entry } }: { item: PoolEntry }) {
  const folder = parentOf(entry.path);
  return (
    <span class="name">
      {entry.type === 'dir' ? (
        <a href={filesUrl(pool, entry.path)} onClick={followLink}>{entry.name || pool}</a>
      ) : (
        <a href={contentUrl(pool, entry.path)} target="_blank" rel="noopener">{entry.name}</a>
      )}
      <small class="where">
        in <a href={filesUrl(pool, folder)} onClick={followLink}>{folder ? `${pool}/${folder}` : pool}</a>
      </small>
    </span>
  );
}
