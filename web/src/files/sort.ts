/** Folder listings sorted as in every file manager: folders first, then by the chosen key. */
import type { Entry } from '../api/types';

export type SortKey = 'name' | 'size' | 'date';
export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

// "file2" before "file10", and "a" beside "A".
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

const compareBy: Record<SortKey, (a: Entry, b: Entry) => number> = {
  name: (a, b) => collator.compare(a.name, b.name),
  size: (a, b) => a.size - b.size,
  date: (a, b) => a.modifiedAt.localeCompare(b.modifiedAt),
};

export function sortEntries(entries: readonly Entry[], order: SortOrder): Entry[] {
  const compare = compareBy[order.key];
  const sign = order.descending ? -1 : 1;
  return [...entries].sort((a, b) => {
    if (a.type !== b.type) return a.type === 'dir' ? -1 : 1;
    return sign * (compare(a, b) || collator.compare(a.name, b.name));
  });
}
