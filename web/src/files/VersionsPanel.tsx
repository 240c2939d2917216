/** Earlier versions of one file, newest first, each to download, make current again, or delete. */
import { useState } from 'preact/hooks';
import { deleteVersion, listVersions, restoreVersion, versionContentUrl } from '../api/files';
import type { Entry } from '../api/types';
import { Icon } from '../components/icons';
import { useListed } from '../components/use-listed';
import { formatDate, formatSize } from '../format';

interface VersionsPanelProps {
  pool: string;
  file: Entry;
  onRestored: () => void;
  onClose: () => void;
}

export function VersionsPanel({ pool, file, onRestored, onClose }: VersionsPanelProps) {
  const { items: versions, busy, error, change } = useListed(() => listVersions(pool, file.path), [pool, file.path, file.etag]);
  const restore = (id: number) =>
    change(async () => {
      await restoreVersion(pool, file.path, id);
      onRestored();
    });
  // Deleting takes a second click on the same button: the version is gone for good.
  const [confirming, setConfirming] = useState<number>();
  const remove = (id: number) => {
    if (confirming !== id) return setConfirming(id);
    setConfirming(undefined);
    void change(() => deleteVersion(pool, file.path, id));
  };

  return (
    <aside class="side-panel" aria-labelledby="versions-title">
      <header>
        <h2 id="versions-title">Versions of {file.name}</h2>
        <button type="button" class="icon-button" onClick={onClose} aria-label="Close versions">
          <Icon name="close" />
        </button>
      </header>
      <p class="current">Current: {formatSize(file.size)}, {formatDate(file.modifiedAt)}</p>
      {error && <p class="error" role="alert">{error}</p>}
      {versions?.length === 0 && <p>No earlier versions.</p>}
      <ul class="versions">
        {versions?.map((v) => (
          <li key={v.id}>
            <span>
              {formatDate(v.modifiedAt)} · {formatSize(v.size)}
              {v.author.user ? ` · ${v.author.user}` : ''}
            </span>
            <a href={versionContentUrl(pool, file.path, v.id)} download aria-label={`Download the version of ${formatDate(v.modifiedAt)}`}>
              <Icon name="download" />
            </a>
            <button type="button" disabled={busy} onClick={() => void restore(v.id)}>Restore</button>
            <button type="button" class="danger" disabled={busy} onClick={() => remove(v.id)} aria-label={`${confirming === v.id ? 'Really delete' : 'Delete'} the version of ${formatDate(v.modifiedAt)}`}>
              {confirming === v.id ? 'Really delete' : 'Delete'}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
