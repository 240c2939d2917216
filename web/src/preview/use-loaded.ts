/** Something a preview loads once per source, cancelled when the source changes or the preview closes. */
import { useEffect, useState } from 'preact/hooks';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; message: string };

export function useLoaded<T>(load: (signal: AbortSignal) => Promise<T>, dependencies: unknown[]): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    setLoaded({ state: 'loading' });
    load(abort.signal).then(
      (value) => abort.signal.aborted || setLoaded({ state: 'ready', value }),
      (err: Error) => abort.signal.aborted || setLoaded({ state: 'failed', message: err.message }),
    );
    return () => abort.abort();
  }, dependencies);
  return loaded;
}

/** A URL for the source's bytes that <img>, <video>, <audio> and <a download> can use. */
export function useContentUrl(content: string | Blob): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (typeof content === 'string') return setUrl(content);
    const objectUrl = URL.createObjectURL(content);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [content]);
  return url;
}
