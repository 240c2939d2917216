/** A secure file opened from the file manager: decrypted and previewed in a dialog. */
import { useEffect, useRef } from 'preact/hooks';
import { contentUrl } from '../api/files';
import type { Entry } from '../api/types';
import { knownKey } from './keyring';
import { fetchSealed } from './sealed-source';
import { SecureViewer } from './SecureViewer';
import { useSecureFile } from './use-secure-file';

export function SecureOpenDialog({ pool, entry, onClose }: { pool: string; entry: Entry; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const { state, unlock } = useSecureFile(() => fetchSealed(contentUrl(pool, entry.path)), (err) => `Could not read the file: ${(err as Error).message}`, knownKey(pool, entry.path));
  useEffect(() => dialog.current?.showModal(), []);
  return (
    <dialog ref={dialog} class="dialog secure-dialog" aria-labelledby="secure-open-title" onClose={onClose}>
      <h2 id="secure-open-title">{state.kind === 'open' ? state.metadata.name : entry.name}</h2>
      <SecureViewer state={state} onKey={(secret) => void unlock(secret)} />
      <div class="dialog-buttons">
        <button type="button" onClick={onClose}>Close</button>
      </div>
    </dialog>
  );
}
