/** Tracks whether a promise has settled, so a test can assert that something has NOT happened yet. */
export function settledFlag(promise: Promise<unknown>): { settled: boolean } {
  const flag = { settled: false };
  void promise.then(
    () => (flag.settled = true),
    () => (flag.settled = true),
  );
  return flag;
}
