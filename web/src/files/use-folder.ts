/**
 * A folder's whole listing, fetched page by page: the first page shows at once, the rest follow
 * two requests at a time (the node may be a Raspberry Pi serving others too).
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { listFolderPage, MAX_PAGE } from '../api/files';
import type { Entry } from '../api/types';

export interface FolderState {
  entries: Entry[];
  total: number;
  complete: boolean;
  error: string | undefined;
}

const EMPTY: FolderState = { entries: [], total: 0, complete: false, error: undefined };
const PARALLEL_PAGES = 2;

async function loadFolder(pool: string, path: string, signal: AbortSignal, show: (state: FolderState) => void): Promise<void> {
  const first = await listFolderPage(pool, path, 0, signal);
  const total = first.children?.total ?? 0;
  let entries = first.children?.items ?? [];
  show({ entries, total, complete: entries.length >= total, error: undefined });
  const offsets: number[] = [];
  for (let offset = MAX_PAGE; offset < total; offset += MAX_PAGE) offsets.push(offset);
  for (let i = 0; i < offsets.length; i += PARALLEL_PAGES) {
    const pages = await Promise.all(offsets.slice(i, i + PARALLEL_PAGES).map((o) => listFolderPage(pool, path, o, signal)));
    entries = entries.concat(...pages.map((p) => p.children?.items ?? []));
    show({ entries, total, complete: i + PARALLEL_PAGES >= offsets.length, error: undefined });
  }
}

/** The listing of `pool:/path`; `reload()` fetches it again and keeps showing the old one meanwhile. */
export function useFolder(pool: string, path: string): FolderState & { reload: () => void } {
  const [state, setState] = useState<FolderState>(EMPTY);
  const [generation, setGeneration] = useState(0);
  useEffect(() => setState(EMPTY), [pool, path]);
  useEffect(() => {
    const abort = new AbortController();
    loadFolder(pool, path, abort.signal, setState).catch((err: Error) => {
      if (!abort.signal.aborted) setState((s) => ({ ...s, complete: true, error: err.message }));
    });
    return () => abort.abort();
  }, [pool, path, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
