/** Reads a zip back with another implementation than the node's (Python's zipfile). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** {name: sha256 or "dir"} of every member, after Python's own CRC check of each. */
export async function zipContents(file: string): Promise<Record<string, string>> {
  const script = [
    'import hashlib, json, sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'assert z.testzip() is None',
    'print(json.dumps({i.filename: ("dir" if i.is_dir() else hashlib.sha256(z.read(i)).hexdigest()) for i in z.infolist()}))',
  ].join('\n');
  return JSON.parse((await run('python3', ['-c', script, file])).stdout) as Record<string, string>;
}
