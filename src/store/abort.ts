import { AbortedError } from '../core/errors.js';

/** The store's AbortedError (a KithError, unlike the DOM AbortError) for a fired `signal`. */
export function abortedError(signal: AbortSignal, what: string): AbortedError {
  return new AbortedError(`${what} aborted`, { cause: signal.reason });
}

export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw abortedError(signal, what);
}
