/**
 * "Secure upload": files or a folder, sealed in this browser before they leave it, with a
 * passphrase (checked by the strength meter, typed twice: a typo would lose the files) or a
 * random key, shown once at the end for the user to keep or to put in share links.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { StrengthVerdict } from '../api/types';
import { CopyButton } from '../components/CopyButton';
import { Field } from '../components/Field';
import { PasswordMeter } from '../components/PasswordMeter';
import { useAction } from '../components/use-action';
import { filesFromInput, type PickedFile } from '../upload/picked-files';
import type { UploadQueue } from '../upload/upload-queue';
import { newPassphraseMaster, newRandomMaster, toBase64Url } from './keys';
import { rememberKey } from './keyring';
import { securePaths, secureSender } from './secure-upload';
import './secure.css';

interface Props {
  pool: string;
  folder: string;
  queue: UploadQueue;
  onClose: () => void;
}

const NO_INPUTS: string[] = [];
const join = (folder: string, path: string): string => (folder ? `${folder}/${path}` : path);

function FilePickers({ files, onFiles }: { files: PickedFile[]; onFiles: (files: PickedFile[]) => void }) {
  const filePicker = useRef<HTMLInputElement>(null);
  const folderPicker = useRef<HTMLInputElement>(null);
  const picked = (event: Event) => {
    const list = (event.currentTarget as HTMLInputElement).files;
    if (list) onFiles(filesFromInput(list));
  };
  return (
    <div class="pick">
      <button type="button" onClick={() => filePicker.current?.click()}>Choose files</button>
      <button type="button" onClick={() => folderPicker.current?.click()}>Choose a folder</button>
      <span role="status">{files.length === 0 ? 'Nothing chosen yet.' : `${files.length} ${files.length === 1 ? 'file' : 'files'} chosen.`}</span>
      <input ref={filePicker} type="file" multiple hidden onChange={picked} aria-label="Choose files to encrypt" />
      <input ref={folderPicker} type="file" multiple hidden {...{ webkitdirectory: true }} onChange={picked} aria-label="Choose a folder to encrypt" />
    </div>
  );
}

function KeyShown({ keyText, onClose }: { keyText: string; onClose: () => void }) {
  return (
    <>
      <p class="secure-note">Keep this key: without it nobody, not even this node, can open these files. A share link can carry it.</p>
      <label for="secure-new-key">Key</label>
      <input id="secure-new-key" class="secure-key" type="text" readOnly value={keyText} onFocus={(e) => e.currentTarget.select()} />
      <div class="dialog-buttons">
        <CopyButton text={keyText} label="Copy the key" />
        <button class="primary" type="button" onClick={onClose}>Done</button>
      </div>
    </>
  );
}

export function SecureUploadDialog({ pool, folder, queue, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [mode, setMode] = useState<'passphrase' | 'random'>('passphrase');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [verdict, setVerdict] = useState<StrengthVerdict>();
  const [hideNames, setHideNames] = useState(false);
  const [keyText, setKeyText] = useState<string>();
  const { busy, error, setError, run } = useAction();
  useEffect(() => dialog.current?.showModal(), []);

  const submit = (event: Event) => {
    event.preventDefault();
    if (files.length === 0) return setError('Choose files or a folder first.');
    if (mode === 'passphrase' && passphrase !== repeat) return setError('The two passphrases differ.');
    if (mode === 'passphrase' && !verdict?.ok) return setError('Choose a stronger passphrase.');
    void run(async () => {
      const targets = securePaths(files, hideNames);
      if (mode === 'passphrase') {
        queue.add(pool, folder, targets, secureSender(await newPassphraseMaster(passphrase)));
        return onClose();
      }
      const { raw, master } = await newRandomMaster();
      const text = toBase64Url(raw);
      for (const target of targets) rememberKey(pool, join(folder, target.relativePath), text);
      queue.add(pool, folder, targets, secureSender(master));
      setKeyText(text);
    });
  };
  return (
    <dialog ref={dialog} class="dialog secure-dialog" aria-labelledby="secure-upload-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="secure-upload-title">Secure upload</h2>
        {keyText ? <KeyShown keyText={keyText} onClose={onClose} /> : (
          <>
            <p class="muted">Files are encrypted in this browser before they are sent: the node stores only ciphertext.</p>
            <FilePickers files={files} onFiles={setFiles} />
            <fieldset class="choice">
              <legend>Key</legend>
              <label><input type="radio" name="secure-mode" checked={mode === 'passphrase'} onChange={() => setMode('passphrase')} /> A passphrase I choose</label>
              <label><input type="radio" name="secure-mode" checked={mode === 'random'} onChange={() => setMode('random')} /> A random key (shown once; share links can carry it)</label>
            </fieldset>
            {mode === 'passphrase' && (
              <>
                <Field id="secure-passphrase" label="Passphrase" type="password" autocomplete="new-password" value={passphrase} onValue={setPassphrase} describedBy="password-hint" />
                <PasswordMeter password={passphrase} userInputs={NO_INPUTS} onVerdict={setVerdict} />
                <Field id="secure-repeat" label="Passphrase again" type="password" autocomplete="new-password" value={repeat} onValue={setRepeat} />
              </>
            )}
            <label class="check"><input type="checkbox" checked={hideNames} onChange={(e) => setHideNames(e.currentTarget.checked)} /> Hide file names from the node too</label>
            {error && <p class="error" role="alert">{error}</p>}
            <div class="dialog-buttons">
              <button type="button" onClick={onClose}>Cancel</button>
              <button class="primary" type="submit" disabled={busy}>{busy ? 'Preparing…' : 'Encrypt and upload'}</button>
            </div>
          </>
        )}
      </form>
    </dialog>
  );
}
