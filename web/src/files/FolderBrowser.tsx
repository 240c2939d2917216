/**
 * Where a move or a copy goes, chosen by browsing: the folders inside the one shown, each a button
 * that goes into it, and a way back up. Every step names its folder to the dialog's path field,
 * which stays there for those who would rather type.
 */
import { useState } from 'preact/hooks';
import { Icon } from '../components/icons';
import { parentOf } from './file-actions';
import { useFolder } from './use-folder';

interface FolderBrowserProps {
  pool: string;
  initial: string;
  /** Folders that may not be entered: those being moved. */
  excluded: ReadonlySet<string>;
  onFolder: (path: string) => void;
}

export function FolderBrowser({ pool, initial, excluded, onFolder }: FolderBrowserProps) {
  const [at, setAt] = useState(initial);
  const listing = useFolder(pool, at);
  const folders = listing.entries.filter((e) => e.type === 'dir' && !excluded.has(e.path));
  const go = (path: string) => {
    setAt(path);
    onFolder(path);
  };
  return (
    <div class="folder-browser" role="group" aria-label="Folders">
      <p class="folder-browser-at">
        {at && (
          <button type="button" class="icon-button" onClick={() => go(parentOf(at))} aria-label="Up one folder">
            <Icon name="previous" />
          </button>
        )}
        <span>In {at ? `${pool}/${at}` : pool}:</span>
      </p>
      {listing.error && <p class="error">{listing.error}</p>}
      {listing.complete && folders.length === 0 && <p class="muted">No folders here.</p>}
      <ul>
        {folders.map((f) => (
          <li key={f.path}>
            <button type="button" onClick={() => go(f.path)}>
              <Icon name="folder" /> {f.name}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
