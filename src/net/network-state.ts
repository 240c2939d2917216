/**
 * What this node holds about its network, read from the database: the descriptor, its own
 * membership, the gateway list, and the view that record checks need. Shared by the network
 * service and the modules beside it (admission, roles), which all read the same rows.
 */
import type { Logger } from '../core/log.js';
import { NotFoundError } from '../core/errors.js';
import {
  checkGatewayList,
  checkPeerRecord,
  effectiveRole,
  gatewayListSchema,
  membershipSchema,
  networkDescriptorSchema,
  peerRecordSchema,
  type GatewayList,
  type Membership,
  type NetworkDescriptor,
  type NetworkView,
  type NodeKey,
  type PeerRecord,
  type Role,
} from '../identity/index.js';
import type { Meta, NetworkRow, PeerRow } from '../meta/index.js';

export interface Joined {
  row: NetworkRow;
  descriptor: NetworkDescriptor;
  membership: Membership;
}

export class NetworkState {
  private joinedCache: Joined | undefined;

  constructor(
    readonly key: NodeKey,
    readonly meta: Meta,
    readonly log: Logger,
  ) {}

  /**
   * The network this node belongs to. Parsed once: the descriptor never changes, and the rest only
   * through this class's owners, which call forget() after they change it.
   */
  joined(): Joined | undefined {
    if (this.joinedCache !== undefined) return this.joinedCache;
    const row = this.meta.network.get();
    if (row === undefined) return undefined;
    this.joinedCache = {
      row,
      descriptor: networkDescriptorSchema.parse(JSON.parse(row.descriptor)),
      membership: membershipSchema.parse(JSON.parse(row.membership)),
    };
    return this.joinedCache;
  }

  requireJoined(): Joined {
    const joined = this.joined();
    if (joined === undefined) throw new NotFoundError('this node belongs to no network yet (kith network create, or kith join)');
    return joined;
  }

  /** Drops the parsed copy after this node's membership or role request changed. */
  forget(): void {
    this.joinedCache = undefined;
  }

  gatewayList(): GatewayList | undefined {
    return parseJson(gatewayListSchema, this.meta.network.get()?.gatewayList);
  }

  isAdmin(): boolean {
    return this.joined()?.membership.body.admin === true;
  }

  view(): NetworkView {
    const { row, descriptor } = this.requireJoined();
    return this.viewOf(row.networkId, descriptor.founder);
  }

  /** The view of a network this node may not belong to yet (a joiner checks the answer with it). */
  viewOf(id: string, founder: string): NetworkView {
    return {
      id,
      founder,
      isAdmin: (node) => node === founder,
      isRevoked: (node) => this.meta.network.peer(node)?.revokedAt !== undefined,
      now: () => Date.now(),
    };
  }

  /** This node's role: the lower of what it asks for and what its membership allows. */
  ownRole(): Role | undefined {
    const joined = this.joined();
    if (joined === undefined) return undefined;
    return effectiveRole(joined.membership, joined.row.requestedRole as Role | undefined);
  }

  /** Whether the current gateway list names this node, so it may admit with that list as grant. */
  isListedGateway(): boolean {
    return this.gatewayList()?.body.gateways.some((g) => g.node === this.key.nodeId) === true;
  }

  /**
   * Stores a member's membership unless a newer one is held, so a member cannot undo a role an
   * admin took from it by showing its older certificate. Runs inside a commit.
   */
  recordNewerMembership(membership: Membership): void {
    const held = parseJson(membershipSchema, this.meta.network.peer(membership.body.node)?.membership);
    if (held !== undefined && held.body.issuedAt > membership.body.issuedAt) return;
    this.meta.network.recordMember(membership.body.node, JSON.stringify(membership), Date.now());
  }

  /** A member's role as this node knows it: from its stored membership and signed peer record. */
  memberRole(node: string): Role | undefined {
    const row = this.meta.network.peer(node);
    const membership = parseJson(membershipSchema, row?.membership);
    if (membership === undefined) return undefined;
    return effectiveRole(membership, peerRecordOf(row)?.body.role);
  }

  /** The address records held for members that are neither revoked nor blocked. */
  memberPeerRecords(): PeerRecord[] {
    return this.meta.network
      .peers()
      // A node a gateway blocked for sending corrupt data is not handed out.
      .filter((row) => row.revokedAt === undefined && !this.meta.faults.isBlocked(row.nodeId))
      .flatMap((row) => peerRecordOf(row) ?? []);
  }

  /** Runs inside a commit; true if the record was stored (it verified and is newer than the one held). */
  storePeerRecord(record: PeerRecord, networkId: string): boolean {
    if (record.body.node === this.key.nodeId) return false;
    const current = this.meta.network.peer(record.body.node)?.recordSeq;
    const reason = checkPeerRecord(record, networkId, current);
    if (reason === undefined) this.meta.network.recordPeerRecord(record.body.node, JSON.stringify(record), record.body.seq);
    else if (current === undefined || record.body.seq > current) this.log.warn({ node: record.body.node, signer: record.signer, reason }, `refused peer record: ${reason}`);
    return reason === undefined;
  }

  /** Runs inside a commit: keeps the list if it verifies and is newer than the one held. */
  storeGatewayList(list: GatewayList, view: NetworkView): void {
    const current = this.gatewayList()?.body.seq;
    const reason = checkGatewayList(list, view, current);
    if (reason === undefined) this.meta.network.setGatewayList(JSON.stringify(list));
    else if (current === undefined || list.body.seq > current) this.log.warn({ signer: list.signer, reason }, `refused gateway list: ${reason}`);
  }
}

export function peerRecordOf(row: PeerRow | undefined): PeerRecord | undefined {
  return parseJson(peerRecordSchema, row?.peerRecord);
}

export function parseJson<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, json: string | undefined): T | undefined {
  if (json === undefined) return undefined;
  try {
    const result = schema.safeParse(JSON.parse(json));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
