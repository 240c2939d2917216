import { describe, expect, it } from 'vitest';
import type { Entry } from '../api/types';
import { movableInto } from './use-drag-move';

const entry = (path: string, type: Entry['type'] = 'file'): Entry => ({ path, name: path.split('/').pop()!, type, size: 0, modifiedAt: '' });

describe('movableInto', () => {
  it('keeps what may go into the folder', () => {
    const dragged = [entry('a.txt'), entry('docs/b.txt'), entry('photos', 'dir')];
    expect(movableInto('archive', dragged).map((e) => e.path)).toEqual(['a.txt', 'docs/b.txt', 'photos']);
  });

  it('leaves out the folder itself, folders into their own insides, and entries already in it', () => {
    const dragged = [entry('photos', 'dir'), entry('photos/y.jpg'), entry('photos/2024/x.jpg'), entry('a.txt')];
    expect(movableInto('photos', dragged).map((e) => e.path)).toEqual(['photos/2024/x.jpg', 'a.txt']);
    expect(movableInto('photos/2024', [entry('photos', 'dir')])).toEqual([]);
    expect(movableInto('', [entry('top.txt')])).toEqual([]);
  });
});
