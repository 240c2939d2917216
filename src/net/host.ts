/**
 * The libp2p host: TCP, Noise, Yamux, identify and ping, with the node's own Ed25519 key as its
 * libp2p identity; circuit relays, so that a member that cannot accept connections (behind a NAT
 * without UPnP, or told not to listen) is reached through a gateway that relays for members only;
 * optionally mDNS (members on the same LAN find each other without a gateway) and
 * UPnP (the home router forwards the peer-to-peer port, with AutoNAT to learn whether that made
 * the node reachable). Limits are set for a small machine that strangers can reach: a burst of
 * connections from one address is refused early, and every Kith protocol caps its streams per
 * connection (see protocols.ts).
 */
import { autoNAT } from '@libp2p/autonat';
import { circuitRelayServer, circuitRelayTransport } from '@libp2p/circuit-relay-v2';
import { noise } from '@chainsafe/libp2p-noise';
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys';
import { identify } from '@libp2p/identify';
import type { PeerId } from '@libp2p/interface';
import { mdns } from '@libp2p/mdns';
import { ping } from '@libp2p/ping';
import { tcp } from '@libp2p/tcp';
import { uPnPNAT } from '@libp2p/upnp-nat';
import { yamux } from '@libp2p/yamux';
import { createLibp2p, type Libp2p } from 'libp2p';
import type { NodeKey } from '../identity/index.js';

export interface HostOptions {
  key: NodeKey;
  host: string;
  port: number;
  /** Peers refused before any Kith protocol runs (revoked members). */
  isDenied: (peer: PeerId) => boolean;
  /** Announce and discover peers on the LAN by multicast DNS. */
  mdns: boolean;
  /** Ask the home router (UPnP IGD) to forward the listen port. */
  upnp: boolean;
  /** Accept direct connections on host:port (off: reached only through relays). */
  listen: boolean;
  /** Keep a reservation on a relay (a gateway), so that members reach this node through it. */
  relayed: boolean;
  /** Whether this node relays for `peer` (a gateway does, for members). */
  relaysFor: (peer: PeerId) => boolean;
}

/**
 * A relay serves members of its own network only (see relaysFor), so libp2p's limits for strangers
 * (2 min and 128 KiB per relayed connection, 15 reservations) would only cut members' transfers.
 */
const RELAY_RESERVATIONS = 128;

export type Host = Libp2p<{ identify: ReturnType<ReturnType<typeof identify>>; ping: ReturnType<ReturnType<typeof ping>> }>;

export async function createHost(options: HostOptions): Promise<Host> {
  const family = options.host.includes(':') ? 'ip6' : 'ip4';
  return createLibp2p({
    privateKey: await generateKeyPairFromSeed('Ed25519', options.key.seed()),
    addresses: { listen: [...(options.listen ? [`/${family}/${options.host}/tcp/${options.port}`] : []), ...(options.relayed ? ['/p2p-circuit'] : [])] },
    transports: [tcp(), circuitRelayTransport()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: {
      denyInboundEncryptedConnection: (peer) => options.isDenied(peer),
      denyOutboundEncryptedConnection: (peer) => options.isDenied(peer),
      denyInboundRelayReservation: (peer) => !options.relaysFor(peer),
      denyOutboundRelayedConnection: (source, destination) => !options.relaysFor(source) || !options.relaysFor(destination),
      // Loopback and private addresses are where home nodes live; libp2p's default refuses them.
      denyDialMultiaddr: () => false,
    },
    connectionManager: {
      maxConnections: 128,
      // libp2p's defaults (5 inbound per second per host, 10 pending) refuse a gateway's bursts.
      inboundConnectionThreshold: 50,
      maxIncomingPendingConnections: 64,
      dialTimeout: 10_000,
    },
    peerDiscovery: options.mdns ? [mdns()] : [],
    services: {
      identify: identify(),
      ping: ping(),
      relay: circuitRelayServer({ reservations: { maxReservations: RELAY_RESERVATIONS, applyDefaultLimit: false } }),
      ...(options.upnp ? { autoNAT: autoNAT(), upnp: uPnPNAT() } : {}),
    },
  });
}
