/**
 * One account's settings for an administrator: role and quota, and a new password when the user
 * has lost theirs. Quotas are in GB (10^9 bytes), the unit the usage beside them is shown in.
 */
import { useState } from 'preact/hooks';
import type { User } from '../api/types';
import { Field } from '../components/Field';
import { PasswordMeter } from '../components/PasswordMeter';
import { useNewPassword } from '../components/use-new-password';

const GB = 1e9;

interface UserSettingsProps {
  user: User;
  busy: boolean;
  onSave: (change: { role: User['role']; quotaBytes: number | null }) => Promise<void>;
  onResetPassword: (password: string) => Promise<void>;
  onRefused: (why: string) => void;
}

export function UserSettings(props: UserSettingsProps) {
  return (
    <div class="user-settings">
      <RoleAndQuotaForm {...props} />
      <ResetPasswordForm {...props} />
    </div>
  );
}

/** The quota field's text: GB with up to two decimals, empty for no quota. */
const quotaText = (bytes: number | undefined): string => (bytes === undefined ? '' : String(Math.round((bytes / GB) * 100) / 100));

function RoleAndQuotaForm({ user, busy, onSave, onRefused }: UserSettingsProps) {
  const [admin, setAdmin] = useState(user.role === 'admin');
  const [quota, setQuota] = useState(quotaText(user.quotaBytes));
  const id = `quota-${user.id}`;
  const submit = (event: Event) => {
    event.preventDefault();
    const gb = quota.trim() === '' ? null : Number(quota);
    if (gb !== null && !(gb > 0)) return onRefused('A quota is a number of GB above 0, or empty for no quota.');
    void onSave({ role: admin ? 'admin' : 'user', quotaBytes: gb === null ? null : Math.round(gb * GB) });
  };
  return (
    <form class="inline-form" onSubmit={submit} aria-label={`Role and quota of ${user.name}`}>
      <label class="check">
        <input type="checkbox" checked={admin} onChange={(e) => setAdmin(e.currentTarget.checked)} /> Administrator
      </label>
      <label for={id}>Quota in GB (empty: no quota)</label>
      <input id={id} type="number" min="0.01" step="any" inputMode="decimal" value={quota} onInput={(e) => setQuota(e.currentTarget.value)} />
      <button type="submit" disabled={busy}>Save</button>
    </form>
  );
}

function ResetPasswordForm({ user, busy, onResetPassword, onRefused }: UserSettingsProps) {
  const { password, setPassword, setVerdict, refusal } = useNewPassword();
  const hintId = `reset-hint-${user.id}`;
  const submit = (event: Event) => {
    event.preventDefault();
    const refused = refusal();
    if (refused) return onRefused(refused);
    void onResetPassword(password).then(() => setPassword(''));
  };
  return (
    <form class="inline-form" onSubmit={submit} aria-label={`New password for ${user.name}`}>
      <Field id={`reset-${user.id}`} label="New password" type="password" autocomplete="new-password" required describedBy={hintId} value={password} onValue={setPassword} />
      <button type="submit" disabled={busy}>Set password</button>
      <PasswordMeter password={password} userInputs={[user.name]} onVerdict={setVerdict} hintId={hintId} />
    </form>
  );
}
