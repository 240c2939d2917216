/**
 * Debian's litmus, every suite (basic, copymove, props, locks, http), against /dav/ on a real node:
 * no failure and no warning in any of them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { davFixture, runClient, type DavFixture } from './helpers/webdav.js';

let d: DavFixture;
beforeAll(async () => {
  d = await davFixture('litmus');
});
afterAll(() => d.stop());

it('passes every litmus suite without a failure or a warning', async () => {
  // litmus writes debug.log and child.log into its working directory.
  const run = await runClient('litmus', [`${d.davUrl}/litmus/`, d.user, d.token], { cwd: d.work, env: { TESTS: 'basic copymove props locks http' } });
  const summaries = [...run.output.matchAll(/<- summary for `(\w+)': of (\d+) tests run: (\d+) passed, (\d+) failed/g)].map((m) => ({
    suite: m[1],
    run: Number(m[2]),
    passed: Number(m[3]),
    failed: Number(m[4]),
  }));
  expect(summaries.map((s) => s.suite), run.output).toEqual(['basic', 'copymove', 'props', 'locks', 'http']);
  for (const s of summaries) expect(s, run.output).toMatchObject({ failed: 0, passed: s.run });
  expect(run.output).not.toMatch(/WARNING|SKIPPED/);
  expect(run.code, run.output).toBe(0);
  // The node is still well: the pool litmus worked in is there and answers.
  expect((await d.t.api('/pools/litmus/files')).status).toBe(200);
});
