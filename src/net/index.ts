/**
 * The peer-to-peer layer on js-libp2p: the host (host.ts), Kith's protocols and their messages
 * (protocols.ts, wire.ts), the node's place in a network (network-service.ts, with what it holds
 * in network-state.ts, the hello handshake in handshake.ts, pushed records in record-gossip.ts,
 * dialling members in member-dialer.ts, joining in joining.ts, admission through any gateway in
 * admission.ts, roles in roles.ts), the
 * network map and relays (peer-map.ts), and what the network does about peers that send corrupt
 * data (fault-reports.ts, block-notices.ts). Nothing above this layer knows about sockets or streams.
 */
export { NetworkService, publicMultiaddr, type MemberHandler, type NetworkServiceOptions, type NetworkStatus } from './network-service.js';
export type { InviteOptions, InviteSummary } from './admission.js';
export type { RoleChange } from './roles.js';
export { messageChannel, type MessageChannel } from './wire.js';
export { PeerMap } from './peer-map.js';
export { BlockNotices, BLOCKS, type BlockedNode } from './block-notices.js';
export { FaultReports, FAULTS } from './fault-reports.js';
