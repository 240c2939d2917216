/** Where the user is signed in, with a way to sign any of them out. */
import { useEffect, useState } from 'preact/hooks';
import { listSessions, revokeSession } from '../api/credentials';
import type { Session } from '../api/types';
import { useAction } from '../components/use-action';
import { formatDate } from '../format';

export function Sessions() {
  const [sessions, setSessions] = useState<Session[]>([]);
  const { busy, error, run } = useAction();
  const load = () => run(async () => setSessions(await listSessions()));
  useEffect(() => void load(), []);
  const revoke = (id: number) =>
    run(async () => {
      await revokeSession(id);
      setSessions(await listSessions());
    });

  return (
    <section aria-labelledby="sessions-title" class="settings-section">
      <h2 id="sessions-title">Signed-in browsers and devices</h2>
      {error && <p class="error" role="alert">{error}</p>}
      <ul class="settings-list">
        {sessions.map((s) => (
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
