/**
 * The replication engine: signed file records and their sequence (records.ts); more to come in
 * the files beside it.
 */
export { OriginSequence, toRecordBody, type RecordFields } from './records.js';
