/**
 * Password strength by zxcvbn (Dropbox's estimator, TypeScript port): it recognises dictionary
 * words, names, keyboard walks, dates and l33t, which length-and-symbol rules do not. The same
 * check runs in the browser's meter and here, where it is enforced.
 *
 * Its dictionaries take about 40 MiB once loaded, too much to keep on a small node for a check
 * that runs a few times a month. So the estimator lives in a worker thread that starts on demand
 * and exits after a minute of quiet, giving the memory back.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { WeakPasswordError } from '../core/errors.js';

/** zxcvbn score 3: "safely unguessable: moderate protection from offline slow-hash scenario". */
export const MIN_SCORE = 3;
export const MAX_PASSWORD_LENGTH = 1024;
const IDLE_EXIT_MS = 60_000;

export interface StrengthVerdict {
  score: number;
  ok: boolean;
  warning: string | undefined;
  suggestions: string[];
}

// Plain CommonJS so the worker runs the same from compiled code and from tests on the sources.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { ZxcvbnFactory } = require(workerData.core);
const common = require(workerData.common);
const en = require(workerData.en);
const zxcvbn = new ZxcvbnFactory({
  translations: en.translations,
  graphs: common.adjacencyGraphs,
  dictionary: { ...common.dictionary, ...en.dictionary },
});
parentPort.on('message', ({ id, password, context }) => {
  const r = zxcvbn.check(password, context);
  parentPort.postMessage({ id, score: r.score, warning: r.feedback.warning || undefined, suggestions: r.feedback.suggestions });
});
`;

interface Reply {
  id: number;
  score: number;
  warning: string | undefined;
  suggestions: string[];
}

class StrengthWorker {
  private worker: Worker | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  check(password: string, context: readonly string[]): Promise<Reply> {
    const worker = this.ensureWorker();
    clearTimeout(this.idleTimer);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      worker.postMessage({ id, password, context });
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const require = createRequire(import.meta.url);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        core: require.resolve('@zxcvbn-ts/core'),
        common: require.resolve('@zxcvbn-ts/language-common'),
        en: require.resolve('@zxcvbn-ts/language-en'),
      },
    });
    worker.on('message', (reply: Reply) => this.answer(reply));
    worker.on('exit', () => {
      this.worker = undefined;
    });
    // After the listeners: adding a 'message' listener refs the worker again, and a ref'd idle
    // worker would hold a stopping node for up to IDLE_EXIT_MS.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private answer(reply: Reply): void {
    this.waiting.get(reply.id)?.(reply);
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) {
      this.idleTimer = setTimeout(() => void this.worker?.terminate(), IDLE_EXIT_MS);
      this.idleTimer.unref();
    }
  }
}

const estimator = new StrengthWorker();

export async function ratePassword(password: string, context: readonly string[] = []): Promise<StrengthVerdict> {
  // zxcvbn's cost grows with length; past ~100 characters the score cannot drop.
  const result = await estimator.check(password.slice(0, 100), [...context, 'kith']);
  return { score: result.score, ok: result.score >= MIN_SCORE, warning: result.warning, suggestions: result.suggestions };
}

/** Throws WeakPasswordError saying why, when the password is too weak or too long. */
export async function assertStrongPassword(password: string, context: readonly string[] = []): Promise<void> {
  if (password.length > MAX_PASSWORD_LENGTH) throw new WeakPasswordError(`password is longer than ${MAX_PASSWORD_LENGTH} characters`);
  const verdict = await ratePassword(password, context);
  if (verdict.ok) return;
  const why = [verdict.warning, ...verdict.suggestions].filter(Boolean).join(' ');
  throw new WeakPasswordError(`password is too weak (strength ${verdict.score} of 4, need ${MIN_SCORE})${why ? `: ${why}` : ''}`);
}
