/**
 * One page of a key listing: keys under a prefix, in key order, with keys that share a segment up
 * to the delimiter rolled up into common prefixes ("ListObjectsV2", "Organizing objects using
 * prefixes" in the Amazon S3 User Guide). Pure over `fetch`, which reads files in key order.
 */
export interface ListedFile {
  path: string;
  fileUid: string;
  size: number;
  mtime: number;
  manifest: string | undefined;
}

/** Files with a path >= `from` and > `after`, in key order, at most `limit`. */
export type FetchFiles = (from: string, after: string, limit: number) => ListedFile[];

export interface ListRequest {
  prefix: string;
  delimiter: string | undefined;
  /** Exclusive: the marker, start-after or continuation position. */
  after: string;
  maxKeys: number;
}

export interface ListPage {
  contents: ListedFile[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last key or common prefix of this page: where the next page starts after. */
  last: string | undefined;
}

// Sorts after every key that continues a prefix (no key has U+10FFFF in it in practice).
const PAST = '\u{10FFFF}';

export function listPage(fetch: FetchFiles, req: ListRequest): ListPage {
  const page: ListPage = { contents: [], commonPrefixes: [], truncated: false, last: undefined };
  if (req.maxKeys === 0) return page;
  let after = req.after;
  const batch = Math.min(req.maxKeys + 1, 1000);
  for (;;) {
    const rows = fetch(req.prefix, after, batch);
    for (const row of rows) {
      if (!row.path.startsWith(req.prefix)) return page;
      const item = rollUp(row.path, req);
      // A marker that is itself a common prefix means that prefix was already listed.
      if (item !== row.path && item <= req.after) {
        after = item + PAST;
        break;
      }
      if (page.contents.length + page.commonPrefixes.length === req.maxKeys) {
        page.truncated = true;
        return page;
      }
      page.last = item;
      if (item === row.path) {
        page.contents.push(row);
        after = row.path;
      } else {
        page.commonPrefixes.push(item);
        after = item + PAST;
        break;
      }
    }
    if (rows.length === 0 || (rows.length < batch && after === rows.at(-1)!.path)) return page;
  }
}

/** The common prefix a key falls under, or the key itself. */
function rollUp(path: string, req: ListRequest): string {
  if (!req.delimiter) return path;
  const i = path.indexOf(req.delimiter, req.prefix.length);
  return i < 0 ? path : path.slice(0, i + req.delimiter.length);
}
