/**
 * Shares a file or folder by link: a download link (any item) or a file drop (folders), with an
 * optional password, expiry date and limit. Once made, the full address is shown with Copy.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { createLink, fullLinkUrl, type NewLink } from '../api/links';
import type { Entry, ShareLink } from '../api/types';
import { CopyButton } from '../components/CopyButton';
import { Field } from '../components/Field';
import { useAction } from '../components/use-action';
import { secureLinkView } from '../secure/SecureLinkDetails';

const MB = 1_000_000;

/** The end of the chosen day, in the visitor's time zone. */
const endOfDay = (date: string): string => new Date(`${date}T23:59:59`).toISOString();

export function ShareDialog({ pool, entry, onClose }: { pool: string; entry: Entry; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [kind, setKind] = useState<'download' | 'drop'>('download');
  const [password, setPassword] = useState('');
  const [expiry, setExpiry] = useState('');
  const [limit, setLimit] = useState('');
  const [link, setLink] = useState<ShareLink>();
  const { busy, error, run } = useAction();
  useEffect(() => dialog.current?.showModal(), []);

  const submit = (event: Event) => {
    event.preventDefault();
    const amount = Number(limit);
    const request: NewLink = { path: entry.path, kind };
    if (password) request.password = password;
    if (expiry) request.expiresAt = endOfDay(expiry);
    if (limit && amount > 0) {
      if (kind === 'download') request.maxDownloads = Math.round(amount);
      else request.maxUploadBytes = Math.round(amount * MB);
    }
    void run(async () => setLink(await createLink(pool, request)));
  };
  const url = link && fullLinkUrl(link);
  const secureView = link && url && secureLinkView(pool, entry, link, url);
  return (
    <dialog ref={dialog} class="dialog share-dialog" aria-labelledby="share-dialog-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="share-dialog-title">Share "{entry.name}"</h2>
        {url ? (
          <>
            {secureView || (
              <>
                <label for="share-url">Anyone with this link can {link.kind === 'drop' ? 'upload into the folder' : 'open it'}{link.hasPassword ? ' with the password' : ''}:</label>
                <input id="share-url" type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
              </>
            )}
            <div class="dialog-buttons">
              {!secureView && <CopyButton text={url} />}
              <button class="primary" type="button" onClick={onClose}>Done</button>
            </div>
          </>
        ) : (
          <>
            {entry.type === 'dir' && (
              <fieldset class="choice">
                <legend>Kind</legend>
                <label><input type="radio" name="share-kind" checked={kind === 'download'} onChange={() => setKind('download')} /> Link to see and download</label>
                <label><input type="radio" name="share-kind" checked={kind === 'drop'} onChange={() => setKind('drop')} /> File drop: others upload, see nothing</label>
              </fieldset>
            )}
            <Field id="share-password" label="Password (optional)" type="password" autocomplete="new-password" value={password} onValue={setPassword} />
            <label for="share-expiry">Expires after (optional)</label>
            <input id="share-expiry" type="date" value={expiry} min={new Date().toISOString().slice(0, 10)} onInput={(e) => setExpiry(e.currentTarget.value)} />
            <label for="share-limit">{kind === 'download' ? 'Download limit (optional)' : 'Largest file in MB (optional)'}</label>
            <input id="share-limit" type="number" min="1" inputMode="numeric" value={limit} onInput={(e) => setLimit(e.currentTarget.value)} />
            {error && <p class="error" role="alert">{error}</p>}
            <div class="dialog-buttons">
              <button type="button" onClick={onClose}>Cancel</button>
              <button class="primary" type="submit" disabled={busy}>Create link</button>
            </div>
          </>
        )}
      </form>
    </dialog>
  );
}
