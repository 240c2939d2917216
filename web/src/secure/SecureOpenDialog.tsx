/**
 * A secure file opened from a list (the file manager, or a folder behind a share link): decrypted
 * and previewed in a dialog.
 */
import { useEffect, useRef } from 'preact/hooks';
import { fetchSealed } from './sealed-source';
import { SecureViewer } from './SecureViewer';
import { useSecureFile } from './use-secure-file';

interface Props {
  /** The name in the list, until the real one is decrypted. */
  name: string;
  /** Where the sealed bytes are downloaded from. */
  url: string;
  /** A key already known (from this page's uploads or the link's fragment). */
  knownKey?: string;
  /** Words for a failed download; the share page says more about links. */
  describe?: (err: unknown) => string;
  onClose: () => void;
}

const couldNotRead = (err: unknown): string => `Could not read the file: ${(err as Error).message}`;

export function SecureOpenDialog({ name, url, knownKey, describe = couldNotRead, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const { state, unlock } = useSecureFile(() => fetchSealed(url), describe, knownKey);
  useEffect(() => dialog.current?.showModal(), []);
  return (
    <dialog ref={dialog} class="dialog secure-dialog" aria-labelledby="secure-open-title" onClose={onClose}>
      <h2 id="secure-open-title">{state.kind === 'open' ? state.metadata.name : name}</h2>
      <SecureViewer state={state} onKey={(secret) => void unlock(secret)} />
      <div class="dialog-buttons">
        <button type="button" onClick={onClose}>Close</button>
      </div>
    </dialog>
  );
}
