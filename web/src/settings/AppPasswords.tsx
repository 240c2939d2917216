/**
 * App passwords: one per program (a sync client, a backup tool), each revocable on its own. The
 * secret is shown once, right after it is made.
 */
import { useState } from 'preact/hooks';
import { createAppPassword, listAppPasswords, revokeAppPassword } from '../api/credentials';
import { Field } from '../components/Field';
import { useListed } from '../components/use-listed';
import { formatDate } from '../format';

export function AppPasswords({ userName }: { userName: string }) {
  const { items: tokens, busy, error, change } = useListed(listAppPasswords);
  const [label, setLabel] = useState('');
  const [secret, setSecret] = useState<{ label: string; value: string }>();

  const create = (event: Event) => {
    event.preventDefault();
    void change(async () => {
      const created = await createAppPassword(label.trim());
      setSecret({ label: created.token.label, value: created.secret });
      setLabel('');
    });
  };
  const revoke = (id: number) => change(() => revokeAppPassword(id));

  return (
    <section aria-labelledby="tokens-title" class="settings-section">
      <h2 id="tokens-title">App passwords</h2>
      <p class="muted">For programs that sign in as you: use your user name ({userName}) and the app password.</p>
      <form class="inline-form" onSubmit={create}>
        <Field id="token-label" label="Name of the program or device" required value={label} onValue={setLabel} />
        <button type="submit" class="primary" disabled={busy || !label.trim()}>Create app password</button>
      </form>
      {secret && (
        <p class="secret" role="status">
          App password for "{secret.label}" (shown only now): <code>{secret.value}</code>
        </p>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      <ul class="settings-list">
        {tokens?.map((t) => (
          <li key={t.id}>
            <span>
              <strong>{t.label}</strong>
              <span class="muted"> · made {formatDate(t.createdAt)}{t.lastUsedAt ? `, last used ${formatDate(t.lastUsedAt)}` : ', never used'}</span>
            </span>
            <button type="button" class="danger" disabled={busy} onClick={() => void revoke(t.id)} aria-label={`Revoke ${t.label}`}>
              Revoke
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
