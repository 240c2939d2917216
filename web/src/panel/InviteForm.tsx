/** What a new invite admits: which role, until when, how many homes. */
import { useState } from 'preact/hooks';
import type { NewInvite, Role } from '../api/panel';

const HOUR = 3600;
const EXPIRIES = [
  ['1 hour', HOUR],
  ['1 day', 24 * HOUR],
  ['7 days', 7 * 24 * HOUR],
  ['30 days', 30 * 24 * HOUR],
  ['Never', 0],
] as const;

const ROLES: [Role, string][] = [
  ['node', 'Node: holds pools and serves them'],
  ['gateway', 'Gateway: also admits and introduces homes'],
  ['client', 'Client: reaches pools, holds none for others'],
];

export function InviteForm({ busy, onIssue }: { busy: boolean; onIssue: (invite: NewInvite) => Promise<void> }) {
  const [role, setRole] = useState<Role>('node');
  const [expiresInSeconds, setExpiry] = useState(7 * 24 * HOUR);
  const [uses, setUses] = useState('1');
  const submit = (event: Event) => {
    event.preventDefault();
    void onIssue({ role, expiresInSeconds, uses: Number(uses) });
  };
  return (
    <form class="invite-form" onSubmit={submit} aria-label="New invite">
      <label for="invite-role">Role</label>
      <select id="invite-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
        {ROLES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
      </select>
      <label for="invite-expiry">Expires after</label>
      <select id="invite-expiry" value={expiresInSeconds} onChange={(e) => setExpiry(Number(e.currentTarget.value))}>
        {EXPIRIES.map(([label, seconds]) => <option key={seconds} value={seconds}>{label}</option>)}
      </select>
      <label for="invite-uses">Homes it admits</label>
      <input id="invite-uses" type="number" min={1} max={1000} required value={uses} onInput={(e) => setUses(e.currentTarget.value)} />
      <button class="primary" type="submit" disabled={busy}>Create invite</button>
    </form>
  );
}
