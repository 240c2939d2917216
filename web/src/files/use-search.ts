/** Search by name as the user types: one request per pause in typing, the stale ones cancelled. */
import { useEffect, useState } from 'preact/hooks';
import { searchByName } from '../api/files';
import type { Entry } from '../api/types';

const TYPING_PAUSE_MS = 200;

export function useSearch(pool: string, query: string): { results: Entry[] | undefined; error: string | undefined } {
  const [state, setState] = useState<{ results: Entry[] | undefined; error: string | undefined }>({ results: undefined, error: undefined });
  useEffect(() => {
    const text = query.trim();
    if (!text) return setState({ results: undefined, error: undefined });
    const abort = new AbortController();
    const timer = setTimeout(() => {
      searchByName(pool, text, abort.signal).then(
        (results) => setState({ results, error: undefined }),
        (err: Error) => !abort.signal.aborted && setState({ results: [], error: err.message }),
      );
    }, TYPING_PAUSE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [pool, query]);
  return state;
}
