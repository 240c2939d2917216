/**
 * The share dialog's last step for a secure file. A random-key file gets a link carrying its key
 * in the fragment (`#k=…`), once the key is checked against the file; a passphrase file gets the
 * plain link and the advice to send the passphrase some other way. A folder with files this page
 * sealed with a random key can carry that key too.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { contentUrl } from '../api/files';
import type { Entry, ShareLink } from '../api/types';
import { CopyButton } from '../components/CopyButton';
import { Field } from '../components/Field';
import { useAction } from '../components/use-action';
import { openSecure, type LockedFile } from './decrypt';
import { linkWithKey } from './fragment';
import { fromBase64Url, masterFromRandom } from './keys';
import { isSecureName } from './format';
import { keyInside, knownKey } from './keyring';
import { fetchSealed } from './sealed-source';
import './secure.css';

function LinkField({ url, note }: { url: string; note: string }) {
  return (
    <>
      <label for="share-url">{note}</label>
      <input id="share-url" type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
      <div class="secure-copy">
        <CopyButton text={url} label="Copy the link" />
      </div>
    </>
  );
}

/**
 * A folder link when this page sealed files inside it with a random key: the key can go in the
 * link's fragment, so that its secure files open for whoever has the link.
 */
function SecureFolderLink({ url, keyText }: { url: string; keyText: string }) {
  const [withKey, setWithKey] = useState(true);
  return (
    <>
      <label class="check"><input type="checkbox" checked={withKey} onChange={(e) => setWithKey(e.currentTarget.checked)} /> Put the key of the secure files inside in the link</label>
      {withKey
        ? <LinkField url={linkWithKey(url, keyText)} note="Anyone with this link can open the folder and its secure files: the key is in the part after #, which browsers never send to the node." />
        : <LinkField url={url} note="Anyone with this link can open the folder; its secure files need their key, sent another way." />}
    </>
  );
}

function SecureLinkDetails({ pool, entry, url }: { pool: string; entry: Entry; url: string }) {
  const file = useRef<LockedFile | undefined>(undefined);
  const [kind, setKind] = useState<'random' | 'passphrase'>();
  const [key, setKey] = useState(knownKey(pool, entry.path) ?? '');
  const [checkedKey, setCheckedKey] = useState<string>();
  const { busy, error, setError, run } = useAction();

  const check = (candidate: string) =>
    run(async () => {
      try {
        await file.current!.unlock(await masterFromRandom(fromBase64Url(candidate.trim())));
      } catch {
        throw new Error('This key does not open this file.');
      }
      setCheckedKey(candidate.trim());
    });
  useEffect(() => {
    void fetchSealed(contentUrl(pool, entry.path)).then(openSecure).then(async (locked) => {
      file.current = locked;
      setKind(locked.header.keyKind);
      if (locked.header.keyKind === 'random' && key) await check(key);
    }, (err: Error) => setError(`Could not read the file: ${err.message}`));
    return () => void file.current?.cancel().catch(() => {});
  }, []);

  if (kind === 'passphrase') return <LinkField url={url} note="Anyone with this link and the passphrase can open it. Send the passphrase another way (say it, or use another app): the link does not carry it." />;
  if (checkedKey) return <LinkField url={linkWithKey(url, checkedKey)} note="Anyone with this link can open it: the key is in the part after #, which browsers never send to the node." />;
  return (
    // Not a form: the share dialog around it is one.
    <div class="secure-key-form">
      <p class="secure-note">This file is encrypted with a random key. Add the key to the link, so that it opens in the recipient's browser.</p>
      <Field id="secure-link-key" label="Key" value={key} onValue={setKey} autocomplete="off" />
      {error && <p class="error" role="alert">{error}</p>}
      <button type="button" onClick={() => void check(key)} disabled={busy || !key || !kind}>Add the key to the link</button>
    </div>
  );
}

/** What the share dialog shows for a new link when secure files are involved; undefined otherwise. */
export function secureLinkView(pool: string, entry: Entry, link: ShareLink, url: string) {
  if (entry.type === 'file' && isSecureName(entry.name)) return <SecureLinkDetails pool={pool} entry={entry} url={url} />;
  const folderKey = entry.type === 'dir' && link.kind === 'download' ? keyInside(pool, entry.path) : undefined;
  return folderKey ? <SecureFolderLink url={url} keyText={folderKey} /> : undefined;
}
