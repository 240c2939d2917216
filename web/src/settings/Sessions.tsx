/** Where the user is signed in, with a way to sign any of them out. */
import { listSessions, revokeSession } from '../api/credentials';
import { useListed } from '../components/use-listed';
import { formatDate } from '../format';

export function Sessions() {
  const { items: sessions, busy, error, change } = useListed(listSessions);
  const revoke = (id: number) => change(() => revokeSession(id));

  return (
    <section aria-labelledby="sessions-title" class="settings-section">
      <h2 id="sessions-title">Signed-in browsers and devices</h2>
      {error && <p class="error" role="alert">{error}</p>}
      <ul class="settings-list">
        {sessions?.map((s) => (
          <li key={s.id}>
            <span>
              <strong>{s.current ? 'This browser' : s.userAgent ?? 'Unknown browser'}</strong>
              <span class="muted"> · last seen {formatDate(s.lastSeenAt)}{s.address ? ` from ${s.address}` : ''}</span>
            </span>
            {!s.current && (
              <button type="button" disabled={busy} onClick={() => void revoke(s.id)} aria-label={`Sign out session ${s.id}`}>
                Sign out
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
