/**
 * Opening a secure file: asks for its passphrase or key (unless one came with the link),
 * decrypts it in the browser, then previews it and offers the decrypted file to save.
 */
import { useState } from 'preact/hooks';
import { Field } from '../components/Field';
import { Icon } from '../components/icons';
import { formatSize } from '../format';
import { SecurePreview, useObjectUrl } from './SecurePreview';
import type { SecureFileState } from './use-secure-file';
import './secure.css';

function KeyForm({ passphrase, error, busy, onKey }: { passphrase: boolean; error?: string; busy: boolean; onKey: (secret: string) => void }) {
  const [secret, setSecret] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    if (secret) onKey(secret);
  };
  return (
    <form class="secure-key-form" onSubmit={submit}>
      <p>This file is encrypted. {passphrase ? 'Its passphrase' : 'Its key'} opens it here, in this browser: it is never sent anywhere.</p>
      <Field id="secure-secret" label={passphrase ? 'Passphrase' : 'Key'} type={passphrase ? 'password' : 'text'} autocomplete="off" value={secret} onValue={setSecret} />
      {error && <p class="error" role="alert">{error}</p>}
      <button class="primary" type="submit" disabled={busy || !secret}>{busy ? 'Opening…' : 'Open'}</button>
    </form>
  );
}

function Opened({ blob, name }: { blob: Blob; name: string }) {
  const url = useObjectUrl(blob);
  return (
    <div class="secure-opened">
      <SecurePreview blob={blob} type={blob.type} name={name} />
      <p class="muted">{name}, {formatSize(blob.size)}, decrypted in this browser.</p>
      <a class="button primary" href={url} download={name}>
        <Icon name="download" /> Download decrypted
      </a>
    </div>
  );
}

export function SecureViewer({ state, onKey }: { state: SecureFileState; onKey: (secret: string) => void }) {
  switch (state.kind) {
    case 'reading':
      return <p class="loading">Reading the encrypted file…</p>;
    case 'locked':
    case 'unlocking':
      return <KeyForm passphrase={state.kind === 'locked' && state.header.keyKind === 'passphrase'} error={state.kind === 'locked' ? state.error : undefined} busy={state.kind === 'unlocking'} onKey={onKey} />;
    case 'decrypting':
      return <p class="loading" role="status">Decrypting… {formatSize(state.bytes)}</p>;
    case 'open':
      return <Opened blob={state.blob} name={state.metadata.name} />;
    case 'failed':
      return <p class="error secure-failed" role="alert">{state.message}</p>;
  }
}
