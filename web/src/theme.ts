/**
 * Light, dark, or whatever the system says (the default). The choice is kept in localStorage;
 * the theme in force is set as `data-theme` on <html>, where styles.css picks its palette, and
 * follows the system's setting as it changes.
 */
export type Theme = 'system' | 'light' | 'dark';
const KEY = 'kith.theme';
const ORDER: Theme[] = ['system', 'light', 'dark'];
const systemDark = matchMedia('(prefers-color-scheme: dark)');

export function storedTheme(): Theme {
  const value = localStorage.getItem(KEY);
  return ORDER.includes(value as Theme) ? (value as Theme) : 'system';
}

export function applyTheme(theme: Theme): void {
  const shown = theme === 'system' ? (systemDark.matches ? 'dark' : 'light') : theme;
  document.documentElement.setAttribute('data-theme', shown);
  localStorage.setItem(KEY, theme);
}

/** Applies the stored choice now and again whenever the system switches. */
export function followStoredTheme(): void {
  applyTheme(storedTheme());
  systemDark.addEventListener('change', () => applyTheme(storedTheme()));
}

export function nextTheme(theme: Theme): Theme {
  return ORDER[(ORDER.indexOf(theme) + 1) % ORDER.length]!;
}
