/**
 * The star on a file manager row: filled on favorites, an outline on the row under the pointer or
 * selected. A click toggles it; from the keyboard, S or the toolbar's Favorite button does the same
 * (a button inside a listbox option would be a second tab stop per row, which listboxes forbid).
 */
import { Icon } from '../components/icons';
import './shortcuts.css';

export function FavoriteMark({ on, onToggle }: { on: boolean; onToggle: () => void }) {
  const click = (event: MouseEvent) => {
    event.stopPropagation();
    onToggle();
  };
  return (
    // Hidden from the accessibility tree: the row's name stays the file's, and FavoriteNote says it in words.
    <span class={on ? 'favorite-mark on' : 'favorite-mark'} aria-hidden="true" onClick={click} onDblClick={(e) => e.stopPropagation()}>
      <Icon name="star" size={16} />
    </span>
  );
}

/** The star in words, for screen readers, at the end of the row's name. */
export function FavoriteNote({ on }: { on: boolean }) {
  return on ? <span class="visually-hidden">, favorite</span> : null;
}
