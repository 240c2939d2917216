/**
 * Light, dark, or whatever the system says (the default). The choice is kept in localStorage and
 * set as `data-theme` on <html>; styles.css holds both palettes.
 */
export type Theme = 'system' | 'light' | 'dark';
const KEY = 'kith.theme';
const ORDER: Theme[] = ['system', 'light', 'dark'];

export function storedTheme(): Theme {
  const value = localStorage.getItem(KEY);
  return ORDER.includes(value as Theme) ? (value as Theme) : 'system';
}

export function applyTheme(theme: Theme): void {
  if (theme === 'system') document.documentElement.removeAttribute('data-theme');
  else document.documentElement.setAttribute('data-theme', theme);
  localStorage.setItem(KEY, theme);
}

export function nextTheme(theme: Theme): Theme {
  return ORDER[(ORDER.indexOf(theme) + 1) % ORDER.length]!;
}
