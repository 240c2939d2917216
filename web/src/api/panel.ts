/** The control panel's side of the API: this node, its network, invites, rate limits, activity. */
import { api } from './http';

export type Role = 'gateway' | 'node' | 'client';

/** This node, as the panel shows it (GET /node sends a little more). */
export interface NodeInfo {
  nodeId: string;
  version: string;
  uptimeSeconds: number;
  disk: { totalBytes: number; freeBytes: number };
  dataDir: string;
}

export interface Peer {
  node: string;
  role?: Role;
  requested?: Role;
  connected: boolean;
  /** ms since epoch. */
  lastSeen?: number;
  addrs: string[];
}

export interface PoolReplication {
  pool: string;
  uid: string;
  subscription: string;
  copies?: number;
  completeCopies: number;
  belowTarget: boolean;
  syncing: boolean;
  files: number;
  filesByHomes: { homes: number; files: number }[];
  holders: { node: string; complete: boolean; connected: boolean; progress: number }[];
}

export interface NetworkView {
  node: string;
  listen: string[];
  network?: {
    id: string;
    name: string;
    founder: string;
    role: Role;
    admin: boolean;
    gateways: { node: string; addrs: string[] }[];
    peers: Peer[];
  };
  blocked: { node: string }[];
  pools: PoolReplication[];
  health: { files: number; minHomes: number; singleHomeFiles: number; poolsBelowTarget: number; summary: string };
}

export interface NetworkPool {
  uid: string;
  name: string;
  copies: number;
  visibility: 'private' | 'hidden' | 'public';
  upload: 'owner' | 'members' | 'anyone';
  subscription?: string;
}

export interface Traffic {
  bytesPerSecond: number;
  totalBytes: number;
}

export interface RateLimits {
  uploadBytesPerSecond: number;
  downloadBytesPerSecond: number;
}

export interface Invite {
  id: string;
  role: Role;
  createdAt: string;
  expiresAt?: string;
  uses: number;
  usesLeft: number;
  state: 'open' | 'used up' | 'expired' | 'revoked';
}

export interface NewInvite {
  role: Role;
  expiresInSeconds: number;
  uses: number;
}

export interface Change {
  seq: number;
  at: string;
  pool: string;
  type: string;
  /** The change for a person: "wrote", "made the folder", … */
  verb: string;
  path?: string;
  actor?: string;
}

export const nodeInfo = (): Promise<NodeInfo> => api<NodeInfo>('/node');
export const networkView = (): Promise<NetworkView> => api<NetworkView>('/network');
export const traffic = (): Promise<{ upload: Traffic; download: Traffic }> => api('/network/traffic');
export const rateLimits = (): Promise<RateLimits> => api<RateLimits>('/network/limits');
export const setRateLimits = (limits: Partial<RateLimits>): Promise<RateLimits> => api<RateLimits>('/network/limits', { method: 'PATCH', json: limits });

export async function networkPools(): Promise<NetworkPool[]> {
  return (await api<{ pools: NetworkPool[] }>('/network/pools')).pools;
}

export async function listInvites(): Promise<Invite[]> {
  return (await api<{ items: Invite[] }>('/network/invites')).items;
}

export const createInvite = (invite: NewInvite): Promise<{ code: string }> => api<{ code: string }>('/network/invites', { method: 'POST', json: invite });

export async function revokeInvite(id: string): Promise<void> {
  await api(`/network/invites/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export async function recentChanges(limit = 100): Promise<Change[]> {
  return (await api<{ items: Change[] }>(`/activity?limit=${limit}`)).items;
}
