/**
 * First run: creates the administrator with the one-time token from the setup link the node
 * printed (`/setup#token=…`; the token stays in the fragment, never in a log line).
 */
import { useState } from 'preact/hooks';
import { completeSetup } from '../api/account';
import type { User } from '../api/types';
import { Field } from '../components/Field';
import { PasswordMeter } from '../components/PasswordMeter';
import { useAction } from '../components/use-action';
import { useNewPassword } from '../components/use-new-password';

function tokenFromAddress(): string {
  return new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
}

export function SetupPage({ onDone }: { onDone: (user: User) => void }) {
  const [name, setName] = useState('admin');
  const { password, setPassword, setVerdict, refusal } = useNewPassword();
  const { busy, error, setError, run } = useAction();
  const token = tokenFromAddress();

  const submit = (event: Event) => {
    event.preventDefault();
    const refused = refusal();
    if (refused) return setError(refused);
    void run(async () => onDone(await completeSetup(token, name, password)));
  };

  return (
    <main class="card-page">
      <h1>Set up this Kith node</h1>
      {!token ? (
        <p>Open the setup link that the node printed when it started (it ends in <code>/setup#token=…</code>).</p>
      ) : (
        <form onSubmit={submit}>
          <p>Create the first administrator.</p>
          <Field id="setup-name" label="User name" autocomplete="username" required value={name} onValue={setName} />
          <Field id="setup-password" label="Password" type="password" autocomplete="new-password" required describedBy="password-hint" value={password} onValue={setPassword} />
          <PasswordMeter password={password} userInputs={[name]} onVerdict={setVerdict} />
          {error && <p class="error" role="alert">{error}</p>}
          <button class="primary" type="submit" disabled={busy}>Create administrator</button>
        </form>
      )}
    </main>
  );
}
