/**
 * Who is here decides the page: a node without an administrator shows setup, a visitor without a
 * session the login, a signed-in user the route in the address bar.
 */
import { useEffect, useState } from 'preact/hooks';
import { currentUser, isSetupNeeded, logOut } from './api/account';
import type { User } from './api/types';
import { Shell } from './components/Shell';
import { FilesPage } from './pages/FilesPage';
import { LinksPage } from './pages/LinksPage';
import { LoginPage } from './pages/LoginPage';
import { SettingsPage } from './pages/SettingsPage';
import { SetupPage } from './pages/SetupPage';
import { SharePage } from './pages/SharePage';
import { TrashPage } from './pages/TrashPage';
import { UsersPage } from './pages/UsersPage';
import { ActivityPage } from './panel/ActivityPage';
import { NetworkPage } from './panel/NetworkPage';
import { NodePage } from './panel/NodePage';
import { filesUrl, navigate, useRoute, type Route } from './router';
import { ShortcutsPage } from './shortcuts/ShortcutsPage';

type Visitor = { kind: 'unknown' } | { kind: 'setup' } | { kind: 'anonymous' } | { kind: 'user'; user: User } | { kind: 'unreachable'; message: string };

async function identify(): Promise<Visitor> {
  if (await isSetupNeeded()) return { kind: 'setup' };
  const user = await currentUser();
  return user ? { kind: 'user', user } : { kind: 'anonymous' };
}

export function App() {
  const route = useRoute();
  // A share link's page is for visitors: it works signed in or not, and asks the node nothing else.
  return route.page === 'share' ? <SharePage token={route.token} path={route.path} /> : <Members route={route} />;
}

function Members({ route }: { route: Route }) {
  const [visitor, setVisitor] = useState<Visitor>({ kind: 'unknown' });
  useEffect(() => void identify().then(setVisitor, (err: Error) => setVisitor({ kind: 'unreachable', message: err.message })), []);
  const signedIn = (user: User) => {
    setVisitor({ kind: 'user', user });
    navigate(filesUrl(user.homePool ?? ''), true);
  };
  const signOut = async () => {
    await logOut();
    setVisitor({ kind: 'anonymous' });
    navigate('/login', true);
  };

  switch (visitor.kind) {
    case 'unknown':
      return <p class="loading">Loading…</p>;
    case 'unreachable':
      return <p class="error" role="alert">The node did not answer: {visitor.message}</p>;
    case 'setup':
      return <SetupPage onDone={signedIn} />;
    case 'anonymous':
      return <LoginPage onLogin={signedIn} />;
    case 'user':
      return <SignedIn user={visitor.user} route={route} onLogout={signOut} />;
  }
}

function SignedIn({ user, route, onLogout }: { user: User; route: Route; onLogout: () => void }) {
  const home = user.homePool;
  const page = route.page === 'home' || route.page === 'setup' || route.page === 'login' || route.page === 'share' ? undefined : route;
  const admin = user.role === 'admin';
  const pool = page && 'pool' in page ? page.pool : home;
  useEffect(() => {
    if (!page && home) navigate(filesUrl(home), true);
  }, [page, home]);
  return (
    <Shell user={user} pool={pool} section={page?.page ?? 'files'} onLogout={onLogout}>
      {page?.page === 'files' && <FilesPage key={page.pool} pool={page.pool} path={page.path} />}
      {page?.page === 'trash' && <TrashPage pool={page.pool} />}
      {page?.page === 'settings' && <SettingsPage user={user} />}
      {page?.page === 'users' && <UsersPage me={user} />}
      {page?.page === 'links' && <LinksPage />}
      {page?.page === 'activity' && <ActivityPage />}
      {page?.page === 'node' && (admin ? <NodePage /> : <AdminsOnly />)}
      {page?.page === 'network' && (admin ? <NetworkPage /> : <AdminsOnly />)}
      {(page?.page === 'favorites' || page?.page === 'recent') && <ShortcutsPage key={page.page} kind={page.page} />}
      {!page && !home && <p>Choose a pool on the side.</p>}
    </Shell>
  );
}


function AdminsOnly() {
  return <p class="error" role="alert">This page is for administrators.</p>;
}
