/**
 * A folder's entries as a list or a grid, in one listbox the keyboard drives: arrows move, Shift
 * extends, Space toggles, Enter opens, Ctrl+A selects all, Delete trashes, F2 renames, S stars,
 * Backspace goes up. Only the rows in view are rendered (virtual-rows.ts). Rows drag onto folders to move.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { Entry } from '../api/types';
import { Icon } from '../components/icons';
import { formatDate, formatSize } from '../format';
import { entryIcon } from '../secure/entry-icon';
import { FavoriteMark, FavoriteNote } from '../shortcuts/FavoriteMark';
import { clickAt, moveFocus, selectAll, toggleFocused, type Selection } from './selection';
import type { DragMove } from './use-drag-move';
import { useVirtualRows } from './virtual-rows';

export type ViewMode = 'list' | 'grid';

const ROW_HEIGHT = { list: 44, grid: 132 };
const GRID_CELL_WIDTH = 132;

export interface FileViewActions {
  open(entry: Entry): void;
  trash(): void;
  rename(): void;
  up(): void;
  /** Stars or unstars the entry, or the selection when none is given. */
  favorite(entry?: Entry): void;
}

interface FileViewProps {
  entries: Entry[];
  mode: ViewMode;
  /** Search results come from many folders: show where each is. */
  showPaths?: boolean;
  label: string;
  selection: Selection;
  onSelection: (s: Selection) => void;
  isFavorite: (path: string) => boolean;
  actions: FileViewActions;
  drag: DragMove;
}

const optionId = (index: number): string => `entry-${index}`;

export function FileView({ entries, mode, showPaths = false, label, selection, onSelection, isFavorite, actions, drag }: FileViewProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const keys = entries.map((e) => e.path);
  const rowHeight = ROW_HEIGHT[mode];
  const rows = useVirtualRows(scroller, { itemCount: entries.length, rowHeight, cellWidth: mode === 'grid' ? GRID_CELL_WIDTH : undefined });
  const { columns } = rows;
  useEffect(() => rows.revealItem(selection.focus), [selection.focus, columns]);

  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.altKey ? undefined : keyStep(event.key, columns, rows.perPage * columns, entries.length);
    if (step !== undefined) {
      event.preventDefault();
      return onSelection(moveFocus(selection, keys, step, event.shiftKey));
    }
    const command = keyCommand(event, selection, keys, entries, actions, onSelection);
    if (command) {
      event.preventDefault();
      command();
    }
  };
  const onClick = (index: number) => (event: MouseEvent) => {
    onSelection(clickAt(selection, keys, index, { shift: event.shiftKey, toggle: event.ctrlKey || event.metaKey }));
    // On touch screens there is no double click: a tap opens.
    if ((event as PointerEvent).pointerType === 'touch') actions.open(entries[index]!);
  };

  const visible = entries.slice(rows.first * columns, rows.end * columns);
  // The empty folder's message sits beside the listbox, not in it: a listbox holds only options.
  return (
    <div class="file-view-frame">
      <div
        ref={scroller}
        class={`file-view ${mode}`}
        role="listbox"
        aria-label={label}
        aria-multiselectable="true"
        tabIndex={0}
        aria-activedescendant={selection.focus >= 0 ? optionId(selection.focus) : undefined}
        aria-describedby={entries.length === 0 ? 'empty-folder' : undefined}
        onKeyDown={onKeyDown}
      >
        <div class="file-view-space" style={{ height: `${rows.totalHeight}px` }}>
          <div class="file-view-window" style={{ transform: `translateY(${rows.first * rowHeight}px)` }}>
            {visible.map((entry, i) => {
              const index = rows.first * columns + i;
              const classes = ['entry', index === selection.focus && 'focused', drag.hovered === entry.path && 'drop-target'];
              return (
                <div
                  key={entry.path}
                  id={optionId(index)}
                  role="option"
                  aria-selected={selection.selected.has(entry.path)}
                  class={classes.filter(Boolean).join(' ')}
                  onClick={onClick(index)}
                  onDblClick={() => actions.open(entry)}
                  {...drag.source(entry)}
                  {...(entry.type === 'dir' ? drag.dropInto(entry.path) : {})}
                >
                  <Icon name={entryIcon(entry)} size={mode === 'grid' ? 48 : 20} />
                  <span class="name">
                    <FavoriteMark on={isFavorite(entry.path)} onToggle={() => actions.favorite(entry)} />
                    {showPaths ? entry.path : entry.name}
                  </span>
                  <span class="size">{entry.type === 'dir' ? '' : formatSize(entry.size)}</span>
                  <span class="date">{formatDate(entry.modifiedAt)}</span>
                  <FavoriteNote on={isFavorite(entry.path)} />
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {entries.length === 0 && <p id="empty-folder" class="empty">This folder is empty. Drop files here or use Upload.</p>}
    </div>
  );
}

/** How far a navigation key moves the focus, or undefined when the key is not one. */
function keyStep(key: string, columns: number, page: number, count: number): number | undefined {
  const steps: Record<string, number> = {
    ArrowDown: columns,
    ArrowUp: -columns,
    PageDown: page,
    PageUp: -page,
    Home: -count,
    End: count,
    ...(columns > 1 ? { ArrowRight: 1, ArrowLeft: -1 } : {}),
  };
  return steps[key];
}

function keyCommand(event: KeyboardEvent, selection: Selection, keys: string[], entries: Entry[], actions: FileViewActions, onSelection: (s: Selection) => void) {
  const focused = entries[selection.focus];
  if (event.key === ' ') return () => onSelection(toggleFocused(selection, keys));
  if (event.key === 'Enter' && focused) return () => actions.open(focused);
  if (event.key === 'a' && (event.ctrlKey || event.metaKey)) return () => onSelection(selectAll(selection, keys));
  if (event.key === 'Delete' && selection.selected.size > 0) return actions.trash;
  if (event.key === 'F2' && selection.selected.size === 1) return actions.rename;
  if (event.key === 's' && !event.ctrlKey && !event.metaKey && selection.selected.size > 0) return () => actions.favorite();
  if (event.key === 'Backspace' || (event.key === 'ArrowUp' && event.altKey)) return actions.up;
  return undefined;
}
