/**
 * Invites for new homes: issue one (as what role, for how long, how many times), see each with
 * what is left of it (refreshed, so a use shows), and revoke one. A new code is shown once, to
 * copy and pass on.
 */
import { useState } from 'preact/hooks';
import { createInvite, listInvites, revokeInvite, type Invite, type NewInvite } from '../api/panel';
import { CopyButton } from '../components/CopyButton';
import { useAction } from '../components/use-action';
import { formatDate } from '../format';
import { InviteForm } from './InviteForm';
import { usePolled } from './use-polled';

function describe(invite: Invite): string {
  const expiry = invite.expiresAt ? `${invite.state === 'expired' ? 'expired' : 'expires'} ${formatDate(invite.expiresAt)}` : 'no expiry';
  return `${invite.usesLeft} of ${invite.uses} ${invite.uses === 1 ? 'use' : 'uses'} left · ${expiry}`;
}

export function Invites() {
  const listed = usePolled(listInvites);
  const items = listed.data;
  const { busy, error, run } = useAction();
  const change = (work: () => Promise<void>) =>
    run(async () => {
      await work();
      await listed.refresh();
    });
  const [code, setCode] = useState('');
  const issue = (invite: NewInvite) => change(async () => setCode((await createInvite(invite)).code));

  return (
    <section class="panel-section" aria-labelledby="invites-title">
      <h2 id="invites-title">Invites</h2>
      <InviteForm busy={busy} onIssue={issue} />
      {(error || listed.error) && <p class="error" role="alert">{error || listed.error}</p>}
      {code && (
        <div class="new-invite" role="status">
          <p>The new invite code, shown only now. The new home joins with <code>kith join</code> and this code:</p>
          <p class="secret"><code>{code}</code></p>
          <CopyButton text={code} label="Copy the invite code" />
        </div>
      )}
      {items?.length === 0 && <p class="muted">No invites yet.</p>}
      <ul class="settings-list" aria-label="Invites">
        {items?.map((invite) => (
          <li key={invite.id}>
            <span>
              <strong>{invite.role}</strong> <span class={`state ${invite.state === 'open' ? 'online' : 'offline'}`}>{invite.state}</span>
              <span class="muted"> · {describe(invite)} · issued {formatDate(invite.createdAt)}</span>
            </span>
            {invite.state === 'open' && (
              <button type="button" class="danger" disabled={busy} onClick={() => void change(() => revokeInvite(invite.id))} aria-label={`Revoke the ${invite.role} invite issued ${formatDate(invite.createdAt)}`}>
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
