/** The user's own account: where they are signed in, and their app passwords. */
import type { User } from '../api/types';
import { AppPasswords } from '../settings/AppPasswords';
import { Sessions } from '../settings/Sessions';

export function SettingsPage({ user }: { user: User }) {
  return (
    <div class="settings-page">
      <h1>Your account</h1>
      <Sessions />
      <AppPasswords userName={user.name} />
    </div>
  );
}
