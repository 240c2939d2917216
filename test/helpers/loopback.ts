/**
 * Peer-to-peer settings for hosts and network services a test makes itself: loopback only, no
 * multicast (mDNS) or router (UPnP) traffic, no relay reservation.
 */
import type { PeerId } from '@libp2p/interface';

export const LOOPBACK_P2P = { host: '127.0.0.1', mdns: false, upnp: false, listen: true, relayed: false } as const;

/** For createHost: the same, relaying for nobody and refusing nobody. */
export const LOOPBACK_HOST = { ...LOOPBACK_P2P, port: 0, isDenied: (_peer: PeerId) => false, relaysFor: (_peer: PeerId) => false };
