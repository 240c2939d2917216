/**
 * The replication engine: signed file records and their sequence (records.ts), version vectors
 * (vv.ts), the protocols (protocol.ts) and the engine that runs them (engine.ts).
 */
export { SyncEngine, type FaultReporter, type IncomingRecord, type RateLimits, type ReceivedContent, type RecordSink, type SyncEngineOptions } from './engine.js';
export { OriginSequence, toRecordBody, type RecordFields } from './records.js';
export { compareVv, mergeVv, type Order, type VersionVector } from './vv.js';
export type { Traffic } from './byte-meter.js';
export type { HomesCount, PoolReplication, ReplicationHealth } from './replication-health.js';
