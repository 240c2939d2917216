/** The icon of a listed entry: a folder, a file, or a lock for a secure file. */
import type { Entry } from '../api/types';
import type { IconName } from '../components/icons';
import { isSecureName } from './format';

export const entryIcon = (entry: Pick<Entry, 'type' | 'name'>): IconName => (entry.type === 'dir' ? 'folder' : isSecureName(entry.name) ? 'lock' : 'file');
