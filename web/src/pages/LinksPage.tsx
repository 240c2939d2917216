/** The user's share links (an administrator's: everyone's): what each shares, how used, Copy and Revoke. */
import { useState } from 'preact/hooks';
import { fullLinkUrl, listLinks, revokeLink } from '../api/links';
import type { ShareLink } from '../api/types';
import { CopyButton } from '../components/CopyButton';
import { Icon } from '../components/icons';
import { useListed } from '../components/use-listed';
import { formatDate, formatSize } from '../format';

const KIND_NAMES = { download: 'Link', drop: 'File drop', feed: 'Feed' } as const;

const itemName = (link: ShareLink): string => `${link.pool}/${link.path}`.replace(/\/$/, '');

function uses(link: ShareLink): string {
  if (link.kind === 'drop') return `${link.uploads} ${link.uploads === 1 ? 'upload' : 'uploads'}${link.maxUploadBytes ? `, up to ${formatSize(link.maxUploadBytes)} each` : ''}`;
  return `${link.downloads} ${link.downloads === 1 ? 'download' : 'downloads'}${link.maxDownloads ? ` of ${link.maxDownloads}` : ''}`;
}

export function LinksPage() {
  const { items, busy, error, change } = useListed(listLinks);
  const [notice, setNotice] = useState('');
  const revoke = (link: ShareLink) =>
    change(async () => {
      await revokeLink(link.id);
      setNotice(`Revoked the link to "${itemName(link)}".`);
    });

  return (
    <div class="links-page">
      <h1>Share links</h1>
      <p class="notice" role="status">{notice}</p>
      {error && <p class="error" role="alert">{error}</p>}
      {items?.length === 0 && <p class="empty">No links yet. Share a file or folder from the file manager.</p>}
      <ul class="link-list" aria-label="Share links">
        {items?.map((link) => (
          <li key={link.id}>
            <Icon name={link.kind === 'drop' ? 'upload' : 'link'} />
            <span class="name">{itemName(link)}</span>
            <span class="kind">{KIND_NAMES[link.kind]}</span>
            <span class="uses">{uses(link)}</span>
            <span class="date">{link.expiresAt ? `expires ${formatDate(link.expiresAt)}` : 'no expiry'}</span>
            <span class="password">{link.hasPassword ? 'password: yes' : 'password: no'}</span>
            <CopyButton text={fullLinkUrl(link)} label={`Copy the link to ${itemName(link)}`} />
            <button type="button" class="danger" disabled={busy} onClick={() => void revoke(link)} aria-label={`Revoke the link to ${itemName(link)}`}>
              <Icon name="trash" /> <span class="label">Revoke</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
