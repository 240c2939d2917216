/**
 * Identity: the node's Ed25519 key and its node id. Later: signed peer records, membership
 * certificates, file-record signatures and invites. Read `node-key.ts`.
 */
export { loadOrCreateNodeKey, peerIdOf, verifySignature, type NodeKey } from './node-key.js';
