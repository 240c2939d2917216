/** Administrators: the accounts on this node with their usage; add, manage (role, quota, password), disable or enable, delete. */
import { useState } from 'preact/hooks';
import type { User } from '../api/types';
import { createUser, deleteUser, listUsers, resetPassword, setUserDisabled, updateUser } from '../api/users';
import { AddUserForm } from '../admin/AddUserForm';
import { UserSettings } from '../admin/UserSettings';
import { useListed } from '../components/use-listed';
import { formatSize } from '../format';

export function UsersPage({ me }: { me: User }) {
  const { items: users, busy, error, setError, change } = useListed(listUsers);
  // Deleting takes a second click on the same button: a home pool is at stake.
  const [confirming, setConfirming] = useState<string>();
  const [managing, setManaging] = useState<string>();
  const remove = (name: string) => {
    if (confirming !== name) return setConfirming(name);
    setConfirming(undefined);
    void change(() => deleteUser(name));
  };

  // A saved change says so, since the list it refreshes may look the same.
  const [saved, setSaved] = useState('');
  const changeUser = (work: () => Promise<void>) => {
    setSaved('');
    return change(async () => {
      await work();
      setSaved('Saved.');
    });
  };

  return (
    <div class="settings-page">
      <h1>Users</h1>
      {error && <p class="error" role="alert">{error}</p>}
      <p class="muted" role="status">{saved}</p>
      <ul class="settings-list" aria-label="Users">
        {users?.map((u) => (
          <li key={u.id}>
            <span>
              <strong>{u.name}</strong>
              <span class="muted"> · {u.role === 'admin' ? 'administrator' : 'user'} · {usage(u)}{u.disabled ? ' · disabled' : ''}</span>
            </span>
            {u.name !== me.name && (
              <span class="row-buttons">
                <button type="button" aria-expanded={managing === u.name} onClick={() => setManaging(managing === u.name ? undefined : u.name)} aria-label={`Manage ${u.name}`}>
                  Manage
                </button>
                <button type="button" disabled={busy} onClick={() => void change(() => setUserDisabled(u.name, !u.disabled))} aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.name}`}>
                  {u.disabled ? 'Enable' : 'Disable'}
                </button>
                <button type="button" class="danger" disabled={busy} onClick={() => remove(u.name)} aria-label={`${confirming === u.name ? 'Really delete' : 'Delete'} ${u.name}`}>
                  {confirming === u.name ? 'Really delete' : 'Delete'}
                </button>
              </span>
            )}
            {managing === u.name && (
              <UserSettings
                user={u}
                busy={busy}
                onSave={(change) => changeUser(() => updateUser(u.name, change))}
                onResetPassword={(password) => changeUser(() => resetPassword(u.name, password))}
                onRefused={setError}
              />
            )}
          </li>
        ))}
      </ul>
      <AddUserForm busy={busy} onAdd={(name, password, admin) => change(() => createUser(name, password, admin))} onRefused={setError} />
    </div>
  );
}

const usage = (u: User): string => (u.quotaBytes === undefined ? `${formatSize(u.usedBytes)} used` : `${formatSize(u.usedBytes)} of ${formatSize(u.quotaBytes)} used`);
