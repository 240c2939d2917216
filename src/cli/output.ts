/** What the CLI prints, and the exit codes scripts can rely on (documented in the README). */
import { KithError, type ErrorCode } from '../core/errors.js';

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  conflict: 4,
  denied: 5,
  invalid: 6,
  noSpace: 7,
  damaged: 8,
  unavailable: 69,
} as const;

const BY_CODE: Partial<Record<ErrorCode, number>> = {
  E_NOT_FOUND: EXIT.notFound,
  E_GONE: EXIT.notFound,
  E_EXISTS: EXIT.conflict,
  E_CONFLICT: EXIT.conflict,
  E_UNAUTHORIZED: EXIT.denied,
  E_FORBIDDEN: EXIT.denied,
  E_RATE_LIMITED: EXIT.denied,
  E_INVALID: EXIT.invalid,
  E_BAD_NAME: EXIT.invalid,
  E_WEAK_PASSWORD: EXIT.invalid,
  E_RANGE: EXIT.invalid,
  E_UNSUPPORTED: EXIT.invalid,
  E_TOO_LARGE: EXIT.noSpace,
  E_QUOTA: EXIT.noSpace,
  E_DISK_FULL: EXIT.noSpace,
  E_CORRUPT: EXIT.damaged,
  E_UNREACHABLE: EXIT.unavailable,
};

export function exitCodeFor(err: unknown): number {
  if (err instanceof KithError) return BY_CODE[err.code] ?? EXIT.failure;
  return EXIT.failure;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Plain columns, left-aligned, for people; scripts use --json. */
export function printTable(rows: readonly (readonly string[])[]): void {
  if (rows.length === 0) return;
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const row of rows) {
    process.stdout.write(`${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}\n`);
  }
}

export function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`;
}
