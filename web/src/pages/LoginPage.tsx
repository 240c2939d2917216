/** Sign in; "remember me" keeps the session past the browser's closing. */
import { useState } from 'preact/hooks';
import { logIn } from '../api/account';
import type { User } from '../api/types';
import { Field } from '../components/Field';
import { useAction } from '../components/use-action';

export function LoginPage({ onLogin }: { onLogin: (user: User) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const { busy, error, run } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => onLogin(await logIn(name, password, remember)));
  };

  return (
    <main class="card-page">
      <h1>Sign in to Kith</h1>
      <form onSubmit={submit}>
        <Field id="login-name" label="User name" autocomplete="username" required value={name} onValue={setName} />
        <Field id="login-password" label="Password" type="password" autocomplete="current-password" required value={password} onValue={setPassword} />
        <label class="check">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} /> Remember me on this device
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button class="primary" type="submit" disabled={busy}>Sign in</button>
      </form>
    </main>
  );
}
