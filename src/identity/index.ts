/**
 * Identity: the node's Ed25519 key and node id (node-key.ts), signed records (signed.ts), the
 * records that make a network (network.ts) and invite codes (invite.ts).
 */
export { loadOrCreateNodeKey, peerIdOf, publicKeyOf, verifyBySigner, type NodeKey } from './node-key.js';
export { canonicalJson, hasValidSignature, signRecord, type RecordKind, type Signed } from './signed.js';
export * from './network.js';
export { decodeInvite, encodeInvite, inviteUrl, newInvite, type Invite } from './invite.js';
export {
  checkFileRecord,
  checkPoolDescriptor,
  fileRecordSchema,
  poolDescriptorSchema,
  signFileRecord,
  type FileRecord,
  type FileRecordBody,
  type PoolDescriptor,
} from './file-record.js';
