/**
 * Records about peers that send corrupt data. A fault report is signed by the member that caught
 * the offender and lists the evidence: what it asked for, the SHA-256 of what it got instead, and
 * the size. A block notice is signed by a gateway once enough distinct members reported the same
 * offender, or by an admin to lift a block; members refuse a blocked node as they refuse a
 * revoked one.
 */
import { z } from 'zod';
import { networkIdSchema, nodeIdSchema, signedSchema, type NetworkView, type Refusal } from './network.js';
import { hasValidSignature } from './signed.js';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 hash');

export const faultEvidenceSchema = z.object({
  /** The hash this node asked for. */
  requested: sha256Hex,
  /** The SHA-256 of the bytes the offender sent instead. */
  received: sha256Hex,
  size: z.number().int().nonnegative(),
});
export type FaultEvidence = z.infer<typeof faultEvidenceSchema>;

/** Evidence kept per report: enough to show a pattern, small enough for one message. */
export const MAX_FAULT_EVIDENCE = 64;

export const faultReportSchema = signedSchema(
  z.object({
    network: networkIdSchema,
    reporter: nodeIdSchema,
    offender: nodeIdSchema,
    at: z.number().int().nonnegative(),
    /** Wrong items received in all; the evidence lists the latest of them. */
    faults: z.number().int().min(1),
    evidence: z.array(faultEvidenceSchema).min(1).max(MAX_FAULT_EVIDENCE),
  }),
);
export type FaultReport = z.infer<typeof faultReportSchema>;

/**
 * Checks a report: for this network, signed by its reporter, who is a member in good standing,
 * about someone else, with evidence of bytes that really differ from what was asked for.
 */
export function checkFaultReport(report: FaultReport, network: NetworkView, isMember: (node: string) => boolean): Refusal {
  const { body } = report;
  if (body.network !== network.id) return 'fault report is for another network';
  if (report.signer !== body.reporter) return `fault report by ${body.reporter} signed by ${report.signer}`;
  if (!hasValidSignature('fault-report', report)) return 'fault report signature is invalid';
  if (!isMember(body.reporter) || network.isRevoked(body.reporter)) return `fault report by ${body.reporter}, who is not a member`;
  if (body.offender === body.reporter) return 'fault report names its own reporter as the offender';
  if (body.evidence.some((item) => item.requested === item.received)) return 'fault report evidence shows bytes that match what was asked for';
  return undefined;
}

/** Reporters named in a block notice, at most. */
export const MAX_BLOCK_REPORTERS = 1000;

export const blockNoticeSchema = signedSchema(
  z.object({
    network: networkIdSchema,
    node: nodeIdSchema,
    /** false: an admin lifted the block. */
    blocked: z.boolean(),
    at: z.number().int().nonnegative(),
    /** The members whose reports led to the block (empty when lifted). */
    reporters: z.array(nodeIdSchema).max(MAX_BLOCK_REPORTERS),
  }),
);
export type BlockNotice = z.infer<typeof blockNoticeSchema>;

/**
 * Checks a block notice: for this network, newer than the one held about that node, signed by a
 * gateway of the admin-signed list to block, by an admin to lift.
 */
export function checkBlockNotice(notice: BlockNotice, network: NetworkView, isGateway: (node: string) => boolean, heldAt: number | undefined): Refusal {
  const { body } = notice;
  if (body.network !== network.id) return 'block notice is for another network';
  const isAdmin = notice.signer === network.founder || network.isAdmin(notice.signer);
  if (body.blocked && !isGateway(notice.signer) && !isAdmin) return `block notice signed by ${notice.signer}, who is not a gateway`;
  if (!body.blocked && !isAdmin) return `block lifted by ${notice.signer}, who is not an admin`;
  if (!hasValidSignature('block-notice', notice)) return 'block notice signature is invalid';
  if (heldAt !== undefined && body.at <= heldAt) return 'block notice is not newer than the one held';
  return undefined;
}
