/** How a change from the change log reads to a person: "admin wrote notes.txt". */
import type { EventType } from '../meta/index.js';

const VERBS: Partial<Record<EventType, string>> = {
  'file.written': 'wrote',
  'dir.created': 'made the folder',
  'entry.moved': 'moved',
  'entry.copied': 'copied',
  'entry.trashed': 'deleted',
  'trash.restored': 'restored from the trash',
  'trash.purged': 'emptied from the trash',
  'version.restored': 'restored an earlier version of',
  'version.deleted': 'deleted an earlier version of',
  'pool.created': 'created the pool',
  'pool.renamed': 'renamed the pool',
  'pool.shared': 'shared the pool on the network',
  'pool.subscribed': 'began to hold the pool',
};

/** The verb for a change; its type for one without words yet. */
export function verbOf(type: EventType): string {
  return VERBS[type] ?? type;
}
