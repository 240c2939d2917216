/** The frame around signed-in pages: the header (theme, user, sign out) and the pools on the side. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { listPools } from '../api/files';
import type { Pool, User } from '../api/types';
import { filesUrl, followLink, trashUrl } from '../router';
import { applyTheme, nextTheme, storedTheme } from '../theme';
import { Icon } from './icons';

interface ShellProps {
  user: User;
  pool: string | undefined;
  /** Which part of the pool is on screen, for the current-page mark on the side. */
  section: 'files' | 'trash' | 'settings' | 'users' | 'links' | 'favorites' | 'recent' | 'activity' | 'node' | 'network';
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
        <a class="side-link" href="/favorites" onClick={followLink} aria-current={section === 'favorites' ? 'page' : undefined}>
          <Icon name="star" /> Favorites
        </a>
        <a class="side-link" href="/recent" onClick={followLink} aria-current={section === 'recent' ? 'page' : undefined}>
          <Icon name="recent" /> Recent
        </a>
        {pool && (
          <a class="side-link" href={trashUrl(pool)} onClick={followLink} aria-current={section === 'trash' ? 'page' : undefined}>
            <Icon name="trash" /> Trash
          </a>
        )}
        <a class="side-link" href="/links" onClick={followLink} aria-current={section === 'links' ? 'page' : undefined}>
          <Icon name="link" /> Links
        </a>
        <a class="side-link" href="/activity" onClick={followLink} aria-current={section === 'activity' ? 'page' : undefined}>
          <Icon name="history" /> Activity
        </a>
        {user.role === 'admin' && (
          <>
            <a class="side-link" href="/admin/users" onClick={followLink} aria-current={section === 'users' ? 'page' : undefined}>
              <Icon name="users" /> Users
            </a>
            <a class="side-link" href="/admin/node" onClick={followLink} aria-current={section === 'node' ? 'page' : undefined}>
              <Icon name="node" /> This node
            </a>
            <a class="side-link" href="/admin/network" onClick={followLink} aria-current={section === 'network' ? 'page' : undefined}>
              <Icon name="share" /> Network
            </a>
          </>
        )}
      </nav>
      <main id="main" class="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
