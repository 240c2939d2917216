import type { Statement } from 'better-sqlite3';

/** Streams one BLOB column of a query as hex strings, without loading every row at once. */
export function* hexColumn(stmt: Statement, column: string): Generator<string> {
  for (const row of stmt.iterate() as Iterable<Record<string, Buffer>>) {
    yield row[column]!.toString('hex');
  }
}
