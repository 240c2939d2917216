/** What can be done here: upload (files or a folder), new folder, and actions on the selection. */
import type { ComponentChildren } from 'preact';
import { Icon, type IconName } from '../components/icons';
import { UploadOptions } from '../upload/UploadOptions';
import type { SortKey, SortOrder } from './sort';
import type { ViewMode } from './FileView';

export interface ToolbarActions {
  pickFiles(folder: boolean): void;
  secureUpload(): void;
  newFolder(): void;
  download(): void;
  rename(): void;
  transfer(kind: 'move' | 'copy'): void;
  trash(): void;
  versions(): void;
  share(): void;
  favorite(): void;
}

interface FileToolbarProps {
  selected: { count: number; files: number };
  sort: SortOrder;
  onSort: (order: SortOrder) => void;
  query: string;
  onQuery: (query: string) => void;
  mode: ViewMode;
  onMode: (mode: ViewMode) => void;
  actions: ToolbarActions;
}

function Tool({ icon, onClick, disabled, shortcut, children }: { icon: IconName; onClick: () => void; disabled?: boolean; shortcut?: string; children: ComponentChildren }) {
  return (
    <button type="button" onClick={onClick} disabled={disabled} aria-keyshortcuts={shortcut}>
      <Icon name={icon} /> <span class="label">{children}</span>
    </button>
  );
}

export function FileToolbar({ selected, sort, onSort, query, onQuery, mode, onMode, actions }: FileToolbarProps) {
  return (
    <div class="toolbar" role="toolbar" aria-label="File actions">
      <Tool icon="upload" onClick={() => actions.pickFiles(false)}>Upload files</Tool>
      <Tool icon="uploadFolder" onClick={() => actions.pickFiles(true)}>Upload folder</Tool>
      <Tool icon="lock" onClick={actions.secureUpload}>Secure upload</Tool>
      <Tool icon="newFolder" onClick={actions.newFolder}>New folder</Tool>
      <UploadOptions />
      <span class="separator" />
      <Tool icon="download" onClick={actions.download} disabled={selected.count === 0}>Download</Tool>
      <Tool icon="rename" onClick={actions.rename} disabled={selected.count !== 1} shortcut="F2">Rename</Tool>
      <Tool icon="move" onClick={() => actions.transfer('move')} disabled={selected.count === 0}>Move</Tool>
      <Tool icon="copy" onClick={() => actions.transfer('copy')} disabled={selected.count === 0}>Copy</Tool>
      <Tool icon="trash" onClick={actions.trash} disabled={selected.count === 0} shortcut="Delete">Delete</Tool>
      <Tool icon="share" onClick={actions.share} disabled={selected.count > 1}>Share</Tool>
      <Tool icon="star" onClick={() => actions.favorite()} disabled={selected.count === 0} shortcut="S">Favorite</Tool>
      <Tool icon="history" onClick={actions.versions} disabled={selected.count !== 1 || selected.files !== 1}>Versions</Tool>
      <span class="spacer" />
      <input type="search" class="search" placeholder="Search by name" aria-label="Search this pool by name" value={query} onInput={(e) => onQuery(e.currentTarget.value)} />
      <label class="sort">
        <span class="label">Sort by</span>
        <select value={sort.key} onChange={(e) => onSort({ ...sort, key: e.currentTarget.value as SortKey })}>
          <option value="name">Name</option>
          <option value="size">Size</option>
          <option value="date">Date</option>
        </select>
      </label>
      <button type="button" onClick={() => onSort({ ...sort, descending: !sort.descending })} aria-label={sort.descending ? 'Descending order' : 'Ascending order'}>
        {sort.descending ? '↓' : '↑'}
      </button>
      <button type="button" aria-pressed={mode === 'grid'} onClick={() => onMode(mode === 'grid' ? 'list' : 'grid')} aria-label="Grid view">
        <Icon name={mode === 'grid' ? 'grid' : 'list'} />
      </button>
    </div>
  );
}
