/**
 * A shared folder: breadcrumbs inside the link, its entries, a preview and a download per file,
 * and all as a zip; a secure file opens (decrypted here) instead, with the link's key or its passphrase.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { listShared, sharedContentUrl, sharedZipUrl } from '../api/links';
import type { Entry } from '../api/types';
import { Icon } from '../components/icons';
import { formatDate, formatSize } from '../format';
import { sharedFileSource } from '../preview/entry-sources';
import { usePreview } from '../preview/use-preview';
import { followLink, shareUrl } from '../router';
import { entryIcon } from '../secure/entry-icon';
import { isSecureName } from '../secure/format';
import { takeFragmentKey } from '../secure/fragment';
import { SecureOpenDialog } from '../secure/SecureOpenDialog';
import { linkProblem } from './shared-errors';

const NONE: Entry[] = [];
const join = (folder: string, name: string): string => (folder ? `${folder}/${name}` : name);

export function SharedFolder({ token, root, path }: { token: string; root: Entry; path: string }) {
  const [items, setItems] = useState<Entry[]>();
  const [error, setError] = useState('');
  const [opened, setOpened] = useState<{ sub: string; name: string }>();
  // Taken before any move inside the folder, which would drop the fragment from the address.
  const fragmentKey = takeFragmentKey();
  useEffect(() => {
    setItems(undefined);
    setError('');
    listShared(token, path).then((page) => setItems(page.children?.items ?? []), (err: unknown) => setError(linkProblem(err)));
  }, [token, path]);
  const parts = path ? path.split('/') : [];
  // Sealed files open in their own dialog, after decryption; the preview walks the others.
  const previewable = useMemo(() => (items ?? NONE).filter((e) => !isSecureName(e.name)), [items]);
  const preview = usePreview(previewable, (file) => sharedFileSource(token, join(path, file.name), file));
  const crumbs = [{ name: root.name, path: '' }, ...parts.map((name, i) => ({ name, path: parts.slice(0, i + 1).join('/') }))];

  return (
    <section class="shared-folder" aria-labelledby="shared-folder-name">
      <nav class="breadcrumbs" aria-label="Folder path">
        <ol>
          {crumbs.map((crumb, i) => (
            <li key={crumb.path}>
              {i === crumbs.length - 1 ? <span aria-current="page" id="shared-folder-name">{crumb.name}</span> : <a href={shareUrl(token, crumb.path)} onClick={followLink}>{crumb.name}</a>}
            </li>
          ))}
        </ol>
      </nav>
      <a class="button" href={sharedZipUrl(token, path)} download>
        <Icon name="download" /> Download all
      </a>
      {error && <p class="error" role="alert">{error}</p>}
      {items?.length === 0 && <p class="empty">This folder is empty.</p>}
      <ul class="shared-list" aria-label={`Files in ${crumbs[crumbs.length - 1]!.name}`}>
        {items?.map((entry) => {
          const sub = join(path, entry.name);
          return (
            <li key={entry.name}>
              <Icon name={entryIcon(entry)} />
              {entry.type === 'dir' ? (
                <a class="name" href={shareUrl(token, sub)} onClick={followLink}>{entry.name}</a>
              ) : isSecureName(entry.name) ? (
                <span class="name">{entry.name}</span>
              ) : (
                <button type="button" class="name preview-link" onClick={() => preview.open(entry)} aria-label={`Preview ${entry.name}`}>{entry.name}</button>
              )}
              <span class="size">{entry.type === 'dir' ? '' : formatSize(entry.size)}</span>
              <span class="date">{formatDate(entry.modifiedAt)}</span>
              {entry.type === 'file' && isSecureName(entry.name) ? (
                <button type="button" onClick={() => setOpened({ sub, name: entry.name })} aria-label={`Open ${entry.name}`}>
                  <Icon name="lock" /> <span class="label">Open</span>
                </button>
              ) : entry.type === 'file' ? (
                <a class="button" href={sharedContentUrl(token, sub, true)} download={entry.name} aria-label={`Download ${entry.name}`}>
                  <Icon name="download" /> <span class="label">Download</span>
                </a>
              ) : <span />}
            </li>
          );
        })}
      </ul>
      {preview.dialog}
      {opened && <SecureOpenDialog name={opened.name} url={sharedContentUrl(token, opened.sub)} knownKey={fragmentKey} describe={linkProblem} onClose={() => setOpened(undefined)} />}
    </section>
  );
}
