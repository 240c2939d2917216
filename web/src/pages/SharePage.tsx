/**
 * A share link's public page, for visitors signed in or not: its password first when it has one,
 * then a file, a folder to browse or a file drop; and a plain word when the link is gone.
 */
import { useEffect, useState } from 'preact/hooks';
import { linkInfo } from '../api/links';
import type { LinkInfo } from '../api/types';
import { DropArea } from '../share/DropArea';
import { PasswordForm } from '../share/PasswordForm';
import { linkProblem } from '../share/shared-errors';
import { SharedFile } from '../share/SharedFile';
import { SharedFolder } from '../share/SharedFolder';

type State = { kind: 'loading' } | { kind: 'ready'; info: LinkInfo } | { kind: 'gone'; message: string };

export function SharePage({ token, path }: { token: string; path: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const load = () => void linkInfo(token).then((info) => setState({ kind: 'ready', info }), (err: unknown) => setState({ kind: 'gone', message: linkProblem(err) }));
  useEffect(load, [token]);

  return (
    <div class="public-page">
      <header class="topbar">
        <span class="brand">Kith</span>
        <span class="muted">Shared with you</span>
      </header>
      <main id="main" class="public-content">{body(state, token, path, load)}</main>
    </div>
  );
}

function body(state: State, token: string, path: string, reload: () => void) {
  if (state.kind === 'loading') return <p class="loading">Loading…</p>;
  if (state.kind === 'gone') return <p class="card error gone" role="alert">{state.message}</p>;
  const { info } = state;
  if (info.needsPassword) return <PasswordForm token={token} onUnlocked={reload} />;
  const expiry = info.expiresAt && <p class="muted">This link works until {new Date(info.expiresAt).toLocaleString()}.</p>;
  if (info.kind === 'drop') return <>{<DropArea token={token} maxUploadBytes={info.maxUploadBytes} />}{expiry}</>;
  if (info.kind === 'feed') return <p class="card">This link is an activity feed: add <code>{`${location.origin}/api/v1/s/${token}/feed`}</code> to a feed reader.</p>;
  if (!info.item) return <p class="card error" role="alert">This link shows nothing.</p>;
  return (
    <>
      {info.item.type === 'dir' ? <SharedFolder token={token} root={info.item} path={path} /> : <SharedFile token={token} item={info.item} />}
      {expiry}
      {info.downloadsLeft !== undefined && <p class="muted">{info.downloadsLeft} {info.downloadsLeft === 1 ? 'download' : 'downloads'} left.</p>}
    </>
  );
}
