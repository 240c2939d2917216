// tsc compiles TypeScript only: copy the SQL migrations beside the compiled code.
import { cpSync } from 'node:fs';

cpSync(new URL('../src/meta/migrations', import.meta.url), new URL('../dist/meta/migrations', import.meta.url), {
  recursive: true,
});
