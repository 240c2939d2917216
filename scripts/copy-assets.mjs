// tsc compiles TypeScript only: copy the SQL migrations beside the compiled code. The copy replaces
// what an earlier build left, so a renamed or removed migration does not linger in dist/.
import { cpSync, rmSync } from 'node:fs';

const target = new URL('../dist/meta/migrations', import.meta.url);
rmSync(target, { recursive: true, force: true });
cpSync(new URL('../src/meta/migrations', import.meta.url), target, { recursive: true });
