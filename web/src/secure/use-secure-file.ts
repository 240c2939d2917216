/**
 * One secure file being opened, as states a view can show: reading its header, waiting for a key
 * (again after a wrong one), decrypting with progress, open (a Blob to preview and save), or
 * failed. A file that fails part-way is dropped whole: no partial plaintext is ever offered.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { decryptToBlob, openSecure, type LockedFile } from './decrypt';
import { SecureIntegrityError, type Header, type Metadata } from './format';
import { fromBase64Url, masterForHeader, masterFromRandom } from './keys';

export type SecureFileState =
  | { kind: 'reading' }
  | { kind: 'locked'; header: Header; error?: string }
  | { kind: 'unlocking' }
  | { kind: 'decrypting'; bytes: number }
  | { kind: 'open'; blob: Blob; metadata: Metadata }
  | { kind: 'failed'; message: string };

function masterFor(header: Header, secret: string) {
  return header.keyKind === 'passphrase' ? masterForHeader(header, secret) : masterFromRandom(fromBase64Url(secret.trim()));
}

/** `fetchSealed` starts the download; `describe` turns its failures into words for the visitor. */
export function useSecureFile(fetchSealed: () => Promise<ReadableStream<Uint8Array>>, describe: (err: unknown) => string, initialKey?: string) {
  const [state, setState] = useState<SecureFileState>({ kind: 'reading' });
  const locked = useRef<LockedFile | undefined>(undefined);

  const unlock = async (secret: string): Promise<void> => {
    const file = locked.current;
    if (!file) return;
    setState({ kind: 'unlocking' });
    let opened;
    try {
      opened = await file.unlock(await masterFor(file.header, secret));
    } catch (err) {
      return setState({ kind: 'locked', header: file.header, error: (err as Error).message });
    }
    try {
      setState({ kind: 'decrypting', bytes: 0 });
      const blob = await decryptToBlob(opened, (bytes) => setState({ kind: 'decrypting', bytes }));
      setState({ kind: 'open', blob, metadata: opened.metadata });
    } catch (err) {
      setState({ kind: 'failed', message: err instanceof SecureIntegrityError ? err.message : describe(err) });
    }
  };

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const file = await openSecure(await fetchSealed());
        if (!live) return void file.cancel();
        locked.current = file;
        setState({ kind: 'locked', header: file.header });
        if (initialKey) await unlock(initialKey);
      } catch (err) {
        if (live) setState({ kind: 'failed', message: err instanceof Error && err.name.startsWith('Secure') ? err.message : describe(err) });
      }
    })();
    return () => {
      live = false;
      void locked.current?.cancel().catch(() => {});
    };
  }, []);

  return { state, unlock };
}
