/**
 * Windowing for long listings: only the rows in view (plus a margin) are in the DOM, so a folder
 * of 10,000 files renders as fast as one of 30. Rows have one fixed height; a grid puts as many
 * cells of a fixed width in a row as fit. The scroll container is the element the ref points at.
 */
import type { RefObject } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';

const OVERSCAN_ROWS = 8;

export interface RowWindow {
  /** First row rendered. */
  first: number;
  /** One past the last row rendered. */
  end: number;
  /** Rows the container shows at once, for Page Up/Down. */
  perPage: number;
}

export function visibleRows(scrollTop: number, viewport: number, rowHeight: number, rowCount: number): RowWindow {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN_ROWS);
  const end = Math.min(rowCount, Math.ceil((scrollTop + viewport) / rowHeight) + OVERSCAN_ROWS);
  return { first, end, perPage: Math.max(1, Math.floor(viewport / rowHeight)) };
}

interface Layout {
  itemCount: number;
  rowHeight: number;
  /** Width of a grid cell; undefined for a list (one item per row). */
  cellWidth?: number;
}

export function useVirtualRows(ref: RefObject<HTMLElement | null>, { itemCount, rowHeight, cellWidth }: Layout) {
  const [view, setView] = useState({ scrollTop: 0, height: 600, width: 800 });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setView({ scrollTop: element.scrollTop, height: element.clientHeight, width: element.clientWidth });
    measure();
    element.addEventListener('scroll', measure, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', measure);
      observer.disconnect();
    };
  }, [ref]);
  const columns = cellWidth ? Math.max(1, Math.floor(view.width / cellWidth)) : 1;
  const rowCount = Math.ceil(itemCount / columns);

  /** Scrolls just enough that the row holding item `index` is fully in view. */
  const revealItem = useCallback(
    (index: number) => {
      const element = ref.current;
      if (!element || index < 0) return;
      const top = Math.floor(index / columns) * rowHeight;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + rowHeight > element.scrollTop + element.clientHeight) element.scrollTop = top + rowHeight - element.clientHeight;
    },
    [ref, rowHeight, columns],
  );

  return { ...visibleRows(view.scrollTop, view.height, rowHeight, rowCount), columns, totalHeight: rowCount * rowHeight, revealItem };
}
