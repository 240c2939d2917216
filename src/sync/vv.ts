/** Version vectors: per node, how many changes of a path's history that node made. */
export type VersionVector = Record<string, number>;

export type Order = 'equal' | 'before' | 'after' | 'concurrent';

/** How `a` relates to `b`: `before` when b has seen everything a has and more. */
export function compareVv(a: VersionVector, b: VersionVector): Order {
  let aAhead = false;
  let bAhead = false;
  for (const node of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[node] ?? 0;
    const y = b[node] ?? 0;
    if (x > y) aAhead = true;
    if (y > x) bAhead = true;
  }
  if (aAhead && bAhead) return 'concurrent';
  if (aAhead) return 'after';
  return bAhead ? 'before' : 'equal';
}

export function mergeVv(a: VersionVector, b: VersionVector): VersionVector {
  const merged: VersionVector = { ...a };
  for (const [node, count] of Object.entries(b)) merged[node] = Math.max(merged[node] ?? 0, count);
  return merged;
}
