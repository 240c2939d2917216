import { describe, expect, it } from 'vitest';
import { clickAt, EMPTY_SELECTION, keepExisting, moveFocus, selectAll, toggleFocused } from './selection';

const keys = ['a', 'b', 'c', 'd', 'e'];
const plain = { shift: false, toggle: false };

describe('selection', () => {
  it('selects one entry on a plain click, a range with shift, and toggles with ctrl', () => {
    const one = clickAt(EMPTY_SELECTION, keys, 1, plain);
    expect([...one.selected]).toEqual(['b']);
    const span = clickAt(one, keys, 3, { shift: true, toggle: false });
    expect([...span.selected]).toEqual(['b', 'c', 'd']);
    const minusC = clickAt(span, keys, 2, { shift: false, toggle: true });
    expect([...minusC.selected].sort()).toEqual(['b', 'd']);
  });

  it('moves the focus with arrows, extends with shift, and stays in range', () => {
    const start = moveFocus(EMPTY_SELECTION, keys, 1, false);
    expect(start.focus).toBe(0);
    const extended = moveFocus(moveFocus(start, keys, 1, true), keys, 1, true);
    expect([...extended.selected]).toEqual(['a', 'b', 'c']);
    expect(moveFocus(extended, keys, 100, false)).toMatchObject({ focus: 4, selected: new Set(['e']) });
    expect(moveFocus(EMPTY_SELECTION, [], 1, false)).toBe(EMPTY_SELECTION);
    expect(moveFocus(EMPTY_SELECTION, keys, keys.length, false).focus).toBe(4);
  });

  it('toggles the focused entry with space and selects all', () => {
    const focused = moveFocus(EMPTY_SELECTION, keys, 1, false);
    expect(toggleFocused(focused, keys).selected.size).toBe(0);
    expect(selectAll(focused, keys).selected.size).toBe(5);
  });

  it('forgets entries that left the listing', () => {
    const all = selectAll(moveFocus(EMPTY_SELECTION, keys, 4, false), keys);
    const kept = keepExisting({ ...all, focus: 4 }, ['a', 'b']);
    expect([...kept.selected]).toEqual(['a', 'b']);
    expect(kept.focus).toBe(1);
  });
});
