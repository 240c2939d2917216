/**
 * Which entries are selected, and where the keyboard focus is, as plain values: the file view
 * turns clicks and keys into these steps. Shift extends from the anchor (the last plain click or
 * move), Ctrl/Cmd toggles one entry, Space toggles the focused one.
 */

export interface Selection {
  selected: ReadonlySet<string>;
  /** Index of the focused entry, -1 when none. */
  focus: number;
  anchor: number;
}

export const EMPTY_SELECTION: Selection = { selected: new Set(), focus: -1, anchor: -1 };

export interface Modifiers {
  shift: boolean;
  toggle: boolean;
}

function range(keys: readonly string[], from: number, to: number): Set<string> {
  const [low, high] = from <= to ? [from, to] : [to, from];
  return new Set(keys.slice(Math.max(low, 0), high + 1));
}

function toggled(set: ReadonlySet<string>, key: string): Set<string> {
  const next = new Set(set);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}

/** A click (or tap) on entry `index`. */
export function clickAt(s: Selection, keys: readonly string[], index: number, mods: Modifiers): Selection {
  const key = keys[index];
  if (key === undefined) return s;
  if (mods.shift && s.anchor >= 0) return { ...s, selected: range(keys, s.anchor, index), focus: index };
  if (mods.toggle) return { selected: toggled(s.selected, key), focus: index, anchor: index };
  return { selected: new Set([key]), focus: index, anchor: index };
}

/** Arrow keys, Home/End, Page Up/Down: move the focus by `delta`; Shift extends the selection. */
export function moveFocus(s: Selection, keys: readonly string[], delta: number, shift: boolean): Selection {
  if (keys.length === 0) return s;
  // With nothing focused yet, moves count from just before the first entry.
  const focus = Math.min(Math.max((s.focus < 0 ? -1 : s.focus) + delta, 0), keys.length - 1);
  if (shift) {
    const anchor = s.anchor >= 0 ? s.anchor : focus;
    return { selected: range(keys, anchor, focus), focus, anchor };
  }
  return { selected: new Set([keys[focus]!]), focus, anchor: focus };
}

export function toggleFocused(s: Selection, keys: readonly string[]): Selection {
  const key = keys[s.focus];
  return key === undefined ? s : { ...s, selected: toggled(s.selected, key), anchor: s.focus };
}

export function selectAll(s: Selection, keys: readonly string[]): Selection {
  return { ...s, selected: new Set(keys) };
}

/** After the listing changed: forget entries that are gone, keep the focus in range. */
export function keepExisting(s: Selection, keys: readonly string[]): Selection {
  const present = new Set(keys);
  const selected = new Set([...s.selected].filter((k) => present.has(k)));
  const focus = Math.min(s.focus, keys.length - 1);
  return { selected, focus, anchor: Math.min(s.anchor, keys.length - 1) };
}
