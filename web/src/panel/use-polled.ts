/**
 * Data fetched from the node and fetched again every few seconds while the page is open. The last
 * good answer stays on screen while the next is on its way, so nothing flickers; a failed poll
 * shows its error beside the figures it could not refresh. A hidden tab is not polled.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

export const POLL_MS = 3000;

export function usePolled<T>(load: () => Promise<T>, everyMs = POLL_MS) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState('');
  const loader = useRef(load);
  loader.current = load;
  const refresh = async (): Promise<void> => {
    try {
      setData(await loader.current());
      setError('');
    } catch (err) {
      setError((err as Error).message);
    }
  };
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return { data, error, refresh };
}
