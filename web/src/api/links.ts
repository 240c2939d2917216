/** Share links: the owner's side (create, list, revoke) and the logged-out visitor's side. */
import { api, API_ROOT, encodePath } from './http';
import type { FolderPage, LinkInfo, LinkKind, ShareLink } from './types';

export interface NewLink {
  path: string;
  kind: LinkKind;
  password?: string;
  expiresAt?: string;
  maxDownloads?: number;
  maxUploadBytes?: number;
}

export async function createLink(pool: string, link: NewLink): Promise<ShareLink> {
  return (await api<{ link: ShareLink }>(`/pools/${encodeURIComponent(pool)}/links`, { method: 'POST', json: link })).link;
}

export async function listLinks(): Promise<ShareLink[]> {
  return (await api<{ items: ShareLink[] }>('/links')).items;
}

export async function revokeLink(id: number): Promise<void> {
  await api(`/links/${id}`, { method: 'DELETE' });
}

/** The address to hand out: this node's origin and the link's path. */
export const fullLinkUrl = (link: ShareLink): string => `${location.origin}${link.url}`;

const visitorUrl = (token: string): string => `/s/${encodeURIComponent(token)}`;
const within = (sub: string): string => (sub ? `/${encodePath(sub)}` : '');

export function linkInfo(token: string): Promise<LinkInfo> {
  return api<LinkInfo>(visitorUrl(token));
}

export async function unlockLink(token: string, password: string): Promise<void> {
  await api(`${visitorUrl(token)}/unlock`, { method: 'POST', json: { password } });
}

export function listShared(token: string, sub: string): Promise<FolderPage> {
  return api<FolderPage>(`${visitorUrl(token)}/files${within(sub)}?limit=1000`);
}

export const sharedContentUrl = (token: string, sub: string, download = false): string => `${API_ROOT}${visitorUrl(token)}/content${within(sub)}${download ? '?download=true' : ''}`;
export const sharedThumbnailUrl = (token: string, sub: string, size: 256 | 1024 = 256): string => `${API_ROOT}${visitorUrl(token)}/thumbnails${within(sub)}?size=${size}`;
export const sharedZipUrl = (token: string, sub: string): string => `${API_ROOT}${visitorUrl(token)}/zip?path=${encodeURIComponent(sub)}`;
export const dropUrl = (token: string, name: string): string => `${API_ROOT}${visitorUrl(token)}/drop/${encodeURIComponent(name)}`;
