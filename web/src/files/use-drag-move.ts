/**
 * Moving entries by dragging them onto a folder: a row of the list or a folder of the breadcrumbs.
 * Dragging an unselected row drags that row alone; dragging a selected one drags the selection.
 * The drag carries its own media type, not files, so the page's upload drop zone ignores it; the
 * keyboard way to the same result is the Move dialog.
 */
import { useState } from 'preact/hooks';
import type { Entry } from '../api/types';

const DRAG_TYPE = 'application/x-kith-entries';

/** The dragged entries that may go into `folder`: not the folder itself, nor into itself, nor where they already are. */
export function movableInto(folder: string, dragged: readonly Entry[]): Entry[] {
  const parent = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')));
  return dragged.filter((e) => e.path !== folder && !folder.startsWith(`${e.path}/`) && parent(e.path) !== folder);
}

export function useDragMove(entries: readonly Entry[], selected: ReadonlySet<string>, onMove: (folder: string, moved: Entry[]) => void) {
  // Which folder a drag hovers, for its highlight.
  const [target, setTarget] = useState<string>();

  const source = (entry: Entry) => ({
    draggable: true,
    onDragStart: (event: DragEvent) => {
      const dragged = selected.has(entry.path) ? entries.filter((e) => selected.has(e.path)) : [entry];
      event.dataTransfer?.setData(DRAG_TYPE, JSON.stringify(dragged));
      if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
    },
  });

  const dropInto = (folder: string) => ({
    onDragOver: (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes(DRAG_TYPE)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      setTarget(folder);
    },
    onDragLeave: () => setTarget((t) => (t === folder ? undefined : t)),
    onDrop: (event: DragEvent) => {
      const data = event.dataTransfer?.getData(DRAG_TYPE);
      if (!data) return;
      event.preventDefault();
      event.stopPropagation();
      setTarget(undefined);
      const moved = movableInto(folder, JSON.parse(data) as Entry[]);
      if (moved.length > 0) onMove(folder, moved);
    },
  });

  return { source, dropInto, hovered: target };
}

export type DragMove = ReturnType<typeof useDragMove>;
