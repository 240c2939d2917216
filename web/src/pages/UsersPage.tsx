/** Administrators: the accounts on this node; add, disable or enable, delete. */
import { useState } from 'preact/hooks';
import type { User } from '../api/types';
import { createUser, deleteUser, listUsers, setUserDisabled } from '../api/users';
import { AddUserForm } from '../admin/AddUserForm';
import { useListed } from '../components/use-listed';
import { formatSize } from '../format';

export function UsersPage({ me }: { me: User }) {
  const { items: users, busy, error, setError, change } = useListed(listUsers);
  // Deleting takes a second click on the same button: a home pool is at stake.
  const [confirming, setConfirming] = useState<string>();
  const remove = (name: string) => {
    if (confirming !== name) return setConfirming(name);
    setConfirming(undefined);
    void change(() => deleteUser(name));
  };

  return (
    <div class="settings-page">
      <h1>Users</h1>
      {error && <p class="error" role="alert">{error}</p>}
      <ul class="settings-list" aria-label="Users">
        {users?.map((u) => (
          <li key={u.id}>
            <span>
              <strong>{u.name}</strong>
              <span class="muted"> · {u.role === 'admin' ? 'administrator' : 'user'} · {formatSize(u.usedBytes)} used{u.disabled ? ' · disabled' : ''}</span>
            </span>
            {u.name !== me.name && (
              <span class="row-buttons">
                <button type="button" disabled={busy} onClick={() => void change(() => setUserDisabled(u.name, !u.disabled))} aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.name}`}>
                  {u.disabled ? 'Enable' : 'Disable'}
                </button>
                <button type="button" class="danger" disabled={busy} onClick={() => remove(u.name)} aria-label={`${confirming === u.name ? 'Really delete' : 'Delete'} ${u.name}`}>
                  {confirming === u.name ? 'Really delete' : 'Delete'}
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      <AddUserForm busy={busy} onAdd={(name, password, admin) => change(() => createUser(name, password, admin))} onRefused={setError} />
    </div>
  );
}
