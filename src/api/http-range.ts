/**
 * The Range request header (RFC 9110 §14.2): one `bytes=` range, in any of its three forms.
 * Several ranges, or a syntax we do not know, mean "send the whole representation", which the
 * RFC allows a server to do.
 */
export interface RequestedRange {
  start?: number;
  end?: number;
}

const ONE_RANGE = /^bytes=(\d*)-(\d*)$/;

export function parseRange(header: string | undefined): RequestedRange | undefined {
  if (!header) return undefined;
  const m = ONE_RANGE.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  const first = m[1] === '' ? undefined : Number(m[1]);
  const last = m[2] === '' ? undefined : Number(m[2]);
  if (first !== undefined && last !== undefined && last < first) return undefined;
  // "bytes=-N" is the last N bytes: start undefined, end carries N.
  return { start: first, end: last };
}
