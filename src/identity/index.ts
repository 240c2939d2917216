/**
 * Identity: the node's Ed25519 key and node id (node-key.ts), signed records (signed.ts), the
 * records that make a network (network.ts), invite codes (invite.ts), joining by network name and
 * password (network-password.ts), file records
 * (file-record.ts), pool descriptors with their policies (pool-descriptor.ts), and fault reports and
 * block notices about peers that send corrupt data (fault-report.ts).
 */
export { loadOrCreateNodeKey, peerIdOf, publicKeyOf, verifyBySigner, type NodeKey } from './node-key.js';
export { canonicalJson, hasValidSignature, signRecord, type RecordKind, type Signed } from './signed.js';
export * from './network.js';
export { decodeInvite, encodeInvite, inviteUrl, newInvite, newInviteId, type Invite } from './invite.js';
export { isJoinProof, joinProof, PasswordLoginClient, PasswordLoginServer, registerNetworkPassword } from './network-password.js';
export { checkFileRecord, fileRecordSchema, signFileRecord, type FileRecord, type FileRecordBody } from './file-record.js';
export {
  checkPoolDescriptor,
  hiddenPoolCommitment,
  newPoolSecret,
  policiesOf,
  poolDescriptorSchema,
  signPoolDescriptor,
  UPLOAD_POLICIES,
  VISIBILITIES,
  type PoolAnnouncement,
  type PoolDescriptor,
  type PoolPolicies,
  type UploadPolicy,
  type Visibility,
} from './pool-descriptor.js';
export {
  blockNoticeSchema,
  checkBlockNotice,
  checkFaultReport,
  faultEvidenceSchema,
  faultReportSchema,
  MAX_BLOCK_REPORTERS,
  MAX_FAULT_EVIDENCE,
  type BlockNotice,
  type FaultEvidence,
  type FaultReport,
} from './fault-report.js';
export { loadOrCreateSecretBox, secretBoxWith, type SecretBox } from './secret-box.js';
