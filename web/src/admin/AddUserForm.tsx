/** Adds an account, with the same strength meter and rule as the first administrator's. */
import { useState } from 'preact/hooks';
import { Field } from '../components/Field';
import { PasswordMeter } from '../components/PasswordMeter';
import { useNewPassword } from '../components/use-new-password';

interface AddUserFormProps {
  busy: boolean;
  onAdd: (name: string, password: string, admin: boolean) => Promise<void>;
  onRefused: (why: string) => void;
}

export function AddUserForm({ busy, onAdd, onRefused }: AddUserFormProps) {
  const [name, setName] = useState('');
  const { password, setPassword, setVerdict, refusal } = useNewPassword();
  const [admin, setAdmin] = useState(false);
  const submit = (event: Event) => {
    event.preventDefault();
    const refused = refusal();
    if (refused) return onRefused(refused);
    void onAdd(name, password, admin).then(() => {
      setName('');
      setPassword('');
      setAdmin(false);
    });
  };
  return (
    <form class="add-user" onSubmit={submit} aria-labelledby="add-user-title">
      <h2 id="add-user-title">Add a user</h2>
      <Field id="new-user-name" label="User name" autocomplete="off" required value={name} onValue={setName} />
      <Field id="new-user-password" label="Password" type="password" autocomplete="new-password" required describedBy="password-hint" value={password} onValue={setPassword} />
      <PasswordMeter password={password} userInputs={[name]} onVerdict={setVerdict} />
      <label class="check">
        <input type="checkbox" checked={admin} onChange={(e) => setAdmin(e.currentTarget.checked)} /> Administrator
      </label>
      <button class="primary" type="submit" disabled={busy}>Add user</button>
    </form>
  );
}
