/** "12 s ago", "3 min ago", "yesterday": how long ago, in the reader's language. */

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

export function timeAgo(at: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  const [unit, size] = UNITS.find(([, length]) => seconds >= length) ?? ['second', 1];
  return relative.format(-Math.floor(seconds / size), unit);
}

/** Unit, its length in seconds, and how many of it make the next larger unit. */
const DURATION_UNITS: [string, number, number][] = [
  ['d', 86_400, Infinity],
  ['h', 3600, 24],
  ['min', 60, 60],
  ['s', 1, 60],
];

/** "3 d 4 h", "5 min": a duration in its two largest units that are not zero. */
export function formatDuration(totalSeconds: number): string {
  const parts = DURATION_UNITS.map(([unit, size, wrap]) => [unit, Math.floor(totalSeconds / size) % wrap] as const).filter(([, value]) => value > 0);
  return parts.length === 0 ? '0 s' : parts.slice(0, 2).map(([unit, value]) => `${value} ${unit}`).join(' ');
}
