/** The one thing a password-protected link shows before its password is given. */
import { useState } from 'preact/hooks';
import { unlockLink } from '../api/links';
import { ApiError } from '../api/http';
import { Field } from '../components/Field';
import { useAction } from '../components/use-action';

export function PasswordForm({ token, onUnlocked }: { token: string; onUnlocked: () => void }) {
  const [password, setPassword] = useState('');
  const { busy, error, setError, run } = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      try {
        await unlockLink(token, password);
        onUnlocked();
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) setError('Wrong password.');
        else throw err;
      }
    });
  };
  return (
    <form class="card share-password" onSubmit={submit} aria-labelledby="share-password-title">
      <h1 id="share-password-title">This link is protected</h1>
      <Field id="share-link-password" label="Password" type="password" autocomplete="current-password" required value={password} onValue={setPassword} />
      {error && <p class="error" role="alert">{error}</p>}
      <button class="primary" type="submit" disabled={busy || !password}>Open</button>
    </form>
  );
}
