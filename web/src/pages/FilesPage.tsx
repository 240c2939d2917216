/**
 * The file manager: one folder of one pool, with its breadcrumbs, toolbar, entries (list or
 * grid), uploads by picker or drop, and the versions of the selected file.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { contentUrl } from '../api/files';
import type { Entry } from '../api/types';
import { NameDialog } from '../components/NameDialog';
import { Breadcrumbs } from '../files/Breadcrumbs';
import { createFolder, downloadEntries, openEntry, parentOf, renameEntry, transferEntries, trashEntries } from '../files/file-actions';
import { FileToolbar } from '../files/FileToolbar';
import { FolderBrowser } from '../files/FolderBrowser';
import { ShareDialog } from '../files/ShareDialog';
import { FileView, type ViewMode } from '../files/FileView';
import { clickAt, EMPTY_SELECTION, keepExisting, type Selection } from '../files/selection';
import { sortEntries, type SortOrder } from '../files/sort';
import { useDragMove } from '../files/use-drag-move';
import { useFolder } from '../files/use-folder';
import { useSearch } from '../files/use-search';
import { VersionsPanel } from '../files/VersionsPanel';
import { poolFileSource } from '../preview/entry-sources';
import { usePreview } from '../preview/use-preview';
import { filesUrl, navigate } from '../router';
import { useFavorites } from '../shortcuts/use-favorites';
import { isSecureName } from '../secure/format';
import { knownKey } from '../secure/keyring';
import { SecureOpenDialog } from '../secure/SecureOpenDialog';
import { SecureUploadDialog } from '../secure/SecureUploadDialog';
import { filesFromDrop, filesFromInput } from '../upload/picked-files';
import { useDropZone } from '../components/use-drop-zone';
import { UploadPanel } from '../upload/UploadPanel';
import { UploadQueue } from '../upload/upload-queue';
import { useReloadOnUpload } from '../upload/use-reload-on-upload';

/** One queue for the whole page life: uploads go on while the user browses other folders. */
const uploads = new UploadQueue();
const MODE_KEY = 'kith.view';

type Dialog = { kind: 'new-folder' } | { kind: 'secure-upload' } | { kind: 'secure-open'; entry: Entry } | { kind: 'share'; entry: Entry } | { kind: 'rename'; entry: Entry } | { kind: 'move' | 'copy'; entries: Entry[] } | undefined;

export function FilesPage({ pool, path }: { pool: string; path: string }) {
  const folder = useFolder(pool, path);
  const [sort, setSort] = useState<SortOrder>({ key: 'name', descending: false });
  const [mode, setMode] = useState<ViewMode>(localStorage.getItem(MODE_KEY) === 'grid' ? 'grid' : 'list');
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [dialog, setDialog] = useState<Dialog>();
  const [versionsOf, setVersionsOf] = useState<string>();
  const [notice, setNotice] = useState('');
  const [query, setQuery] = useState('');
  const search = useSearch(pool, query);
  const favorites = useFavorites(pool);
  const filePicker = useRef<HTMLInputElement>(null);
  const folderPicker = useRef<HTMLInputElement>(null);
  const shown = search.results ?? folder.entries;
  const entries = useMemo(() => sortEntries(shown, sort), [shown, sort]);
  const keys = useMemo(() => entries.map((e) => e.path), [entries]);
  const chosen = entries.filter((e) => selection.selected.has(e.path));
  const versionsEntry = entries.find((e) => e.path === versionsOf);

  useEffect(() => {
    setSelection(EMPTY_SELECTION);
    setQuery('');
  }, [path]);
  useEffect(() => setSelection((s) => keepExisting(s, keys)), [keys]);
  useReloadOnUpload(uploads, pool, path, folder.reload);
  // Sealed files open in their own dialog, after decryption; the preview walks the others.
  const previewable = useMemo(() => entries.filter((e) => !isSecureName(e.name)), [entries]);
  // The list follows the preview, so closing it leaves the last file shown selected.
  const preview = usePreview(previewable, (file) => poolFileSource(pool, file), (file) => setSelection((s) => clickAt(s, keys, keys.indexOf(file.path), { shift: false, toggle: false })));

  const act = (work: () => Promise<string | void>) =>
    work().then(
      (message) => message && setNotice(message),
      (err: Error) => setNotice(`Failed: ${err.message}`),
    ).finally(folder.reload);
  const actions = {
    open: (entry: Entry) => (entry.type === 'file' && isSecureName(entry.name) ? setDialog({ kind: 'secure-open', entry }) : openEntry(pool, entry, preview.open)),
    up: () => path && navigate(filesUrl(pool, parentOf(path))),
    trash: () => void act(() => trashEntries(pool, chosen.map((e) => e.path))),
    rename: () => chosen[0] && setDialog({ kind: 'rename', entry: chosen[0] }),
    newFolder: () => setDialog({ kind: 'new-folder' }),
    transfer: (kind: 'move' | 'copy') => setDialog({ kind, entries: chosen }),
    download: () => downloadEntries(pool, chosen),
    versions: () => setVersionsOf(chosen[0]?.path),
    favorite: (entry?: Entry) => void act(() => favorites.toggle(entry ? [entry] : chosen)),
    // The selected item, or this folder when nothing is selected.
    share: () => setDialog({ kind: 'share', entry: chosen[0] ?? { path, name: path.split('/').pop() || pool, type: 'dir', size: 0, modifiedAt: '' } }),
    secureUpload: () => setDialog({ kind: 'secure-upload' }),
    pickFiles: (wholeFolder: boolean) => (wholeFolder ? folderPicker : filePicker).current?.click(),
  };
  const onPicked = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    if (input.files) uploads.add(pool, path, filesFromInput(input.files));
    input.value = '';
  };
  const drag = useDragMove(entries, selection.selected, (target, moved) => void act(() => transferEntries(pool, moved, target, 'move')));
  const drop = useDropZone((data) => void filesFromDrop(data).then((files) => uploads.add(pool, path, files)));

  return (
    <div
      class={drop.dragging ? 'files-page dragging' : 'files-page'}
      {...drop.handlers}
    >
      <Breadcrumbs pool={pool} path={path} drag={drag} />
      <FileToolbar
        selected={{ count: chosen.length, files: chosen.filter((e) => e.type === 'file').length }}
        sort={sort}
        onSort={setSort}
        query={query}
        onQuery={setQuery}
        mode={mode}
        onMode={(m) => {
          localStorage.setItem(MODE_KEY, m);
          setMode(m);
        }}
        actions={actions}
      />
      <input ref={filePicker} type="file" multiple hidden onChange={onPicked} aria-label="Choose files to upload" />
      <input ref={folderPicker} type="file" multiple hidden {...{ webkitdirectory: true }} onChange={onPicked} aria-label="Choose a folder to upload" />
      <p class="notice" role="status">
        {search.error ?? folder.error ?? notice}
        {search.results && ` ${search.results.length} found for "${query.trim()}".`}
        {!folder.complete && !folder.error && folder.entries.length > 0 && ` Loading ${folder.entries.length} of ${folder.total}…`}
      </p>
      <div class="files-body">
        <FileView entries={entries} mode={mode} showPaths={search.results !== undefined} label={search.results ? `Found for ${query.trim()}` : `Files in ${path || pool}`} selection={selection} onSelection={setSelection} isFavorite={favorites.has} actions={actions} drag={drag} />
        {versionsEntry && <VersionsPanel pool={pool} file={versionsEntry} onRestored={() => { setNotice(`Restored an earlier version of "${versionsEntry.name}".`); folder.reload(); }} onClose={() => setVersionsOf(undefined)} />}
      </div>
      <UploadPanel queue={uploads} />
      {dialog?.kind === 'new-folder' && <NameDialog title="New folder" initial="" confirm="Create" onSubmit={async (name) => void (await createFolder(pool, path, name), folder.reload())} onClose={() => setDialog(undefined)} />}
      {(dialog?.kind === 'move' || dialog?.kind === 'copy') && (
        <NameDialog
          title={`${dialog.kind === 'move' ? 'Move' : 'Copy'} ${dialog.entries.length === 1 ? `"${dialog.entries[0]!.name}"` : `${dialog.entries.length} items`}`}
          label={`To the folder (a path in ${pool}; empty for its top)`}
          initial={path}
          confirm={dialog.kind === 'move' ? 'Move' : 'Copy'}
          chooser={(setFolder) => <FolderBrowser pool={pool} initial={path} excluded={new Set(dialog.entries.map((e) => e.path))} onFolder={setFolder} />}
          onSubmit={async (folderPath) => {
            setNotice(await transferEntries(pool, dialog.entries, folderPath, dialog.kind));
            folder.reload();
          }}
          onClose={() => setDialog(undefined)}
        />
      )}
      {preview.dialog}
      {dialog?.kind === 'secure-upload' && <SecureUploadDialog pool={pool} folder={path} queue={uploads} onClose={() => setDialog(undefined)} />}
      {dialog?.kind === 'secure-open' && <SecureOpenDialog name={dialog.entry.name} url={contentUrl(pool, dialog.entry.path)} knownKey={knownKey(pool, dialog.entry.path)} onClose={() => setDialog(undefined)} />}
      {dialog?.kind === 'share' && <ShareDialog pool={pool} entry={dialog.entry} onClose={() => setDialog(undefined)} />}
      {dialog?.kind === 'rename' && <NameDialog title={`Rename "${dialog.entry.name}"`} initial={dialog.entry.name} confirm="Rename" onSubmit={async (name) => void (await renameEntry(pool, dialog.entry, name), folder.reload())} onClose={() => setDialog(undefined)} />}
    </div>
  );
}
