/**
 * What makes an element a target for dropped files: the drag handlers, and whether files are
 * being dragged over it (for the highlight). `onDrop` gets the browser's DataTransfer. Other drags
 * (entries moved within the page) pass through.
 */
import { useState } from 'preact/hooks';

export function useDropZone(onDrop: (data: DataTransfer) => void) {
  const [dragging, setDragging] = useState(false);
  const handlers = {
    'data-drop-zone': true,
    onDragOver: (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      setDragging(true);
    },
    onDragLeave: (event: DragEvent) => {
      if (event.currentTarget === event.target) setDragging(false);
    },
    onDrop: (event: DragEvent) => {
      event.preventDefault();
      setDragging(false);
      if (event.dataTransfer) onDrop(event.dataTransfer);
    },
  };
  return { dragging, handlers };
}
