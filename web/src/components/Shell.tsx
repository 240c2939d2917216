/** The frame around signed-in pages: the header (theme, user, sign out) and the pools on the side. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { listPools } from '../api/files';
import type { Pool, User } from '../api/types';
import { filesUrl, followLink, trashUrl } from '../router';
import { applyTheme, nextTheme, storedTheme } from '../theme';
import { Icon, type IconName } from './icons';

type Section = 'files' | 'trash' | 'settings' | 'users' | 'links' | 'favorites' | 'recent' | 'activity' | 'node' | 'network';

interface ShellProps {
  user: User;
  pool: string | undefined;
  /** Which part of the pool is on screen, for the current-page mark on the side. */
  section: Section;
  onLogout: () => void;
  children: ComponentChildren;
}

export function Shell({ user, pool, section, onLogout, children }: ShellProps) {
  const [pools, setPools] = useState<Pool[]>([]);
  const [theme, setTheme] = useState(storedTheme());
  useEffect(() => void listPools().then(setPools, () => setPools([])), [user.id]);
  const switchTheme = () => {
    const next = nextTheme(theme);
    applyTheme(next);
    setTheme(next);
  };

  return (
    <div class="shell">
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="topbar">
        <span class="brand">Kith</span>
        <span class="spacer" />
        <button type="button" class="ghost" onClick={switchTheme} title="Switch theme">
          <Icon name="theme" /> <span>Theme: {theme}</span>
        </button>
        <a class="user" href="/settings" onClick={followLink} aria-current={section === 'settings' ? 'page' : undefined} title="Your account">
          {user.name}
        </a>
        <button type="button" class="ghost" onClick={onLogout}>Sign out</button>
      </header>
      <nav class="sidebar" aria-label="Pools">
        <h2>Pools</h2>
        <ul>
          {pools.map((p) => (
            <li key={p.id}>
              <a href={filesUrl(p.name)} onClick={followLink} aria-current={p.name === pool && section === 'files' ? 'page' : undefined}>
                <Icon name="folder" /> {p.name}
              </a>
            </li>
          ))}
        </ul>
        <SideLink href="/favorites" icon="star" current={section === 'favorites'}>Favorites</SideLink>
        <SideLink href="/recent" icon="recent" current={section === 'recent'}>Recent</SideLink>
        {pool && <SideLink href={trashUrl(pool)} icon="trash" current={section === 'trash'}>Trash</SideLink>}
        <SideLink href="/links" icon="link" current={section === 'links'}>Links</SideLink>
        <SideLink href="/activity" icon="history" current={section === 'activity'}>Activity</SideLink>
        {user.role === 'admin' && (
          <>
            <SideLink href="/admin/users" icon="users" current={section === 'users'}>Users</SideLink>
            <SideLink href="/admin/node" icon="node" current={section === 'node'}>This node</SideLink>
            <SideLink href="/admin/network" icon="share" current={section === 'network'}>Network</SideLink>
          </>
        )}
      </nav>
      <main id="main" class="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

function SideLink({ href, icon, current, children }: { href: string; icon: IconName; current: boolean; children: ComponentChildren }) {
  return (
    <a class="side-link" href={href} onClick={followLink} aria-current={current ? 'page' : undefined}>
      <Icon name={icon} /> {children}
    </a>
  );
}
