import { poolDescriptorSchema, type PoolDescriptor } from '../identity/index.js';
import type { NetworkPoolRow } from '../meta/index.js';

/** The descriptor kept for a pool announced on the network (verified when it arrived). */
export function descriptorOf(row: NetworkPoolRow): PoolDescriptor {
  return poolDescriptorSchema.parse(JSON.parse(row.descriptor));
}
