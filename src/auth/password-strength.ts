/**
 * Password strength by zxcvbn (Dropbox's estimator, TypeScript port): it recognises dictionary
 * words, names, keyboard walks, dates and l33t, which length-and-symbol rules do not. The same
 * check runs in the browser's meter and here, where it is enforced.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { WeakPasswordError } from '../core/errors.js';

/** zxcvbn score 3: "safely unguessable: moderate protection from offline slow-hash scenario". */
export const MIN_SCORE = 3;
export const MAX_PASSWORD_LENGTH = 1024;

let factory: ZxcvbnFactory | undefined;

function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
  });
  return factory;
}

export interface StrengthVerdict {
  score: number;
  ok: boolean;
  warning: string | undefined;
  suggestions: string[];
}

export function ratePassword(password: string, context: readonly string[] = []): StrengthVerdict {
  // zxcvbn's cost grows with length; past ~100 characters the score cannot drop.
  const result = estimator().check(password.slice(0, 100), [...context, 'kith']);
  return {
    score: result.score,
    ok: result.score >= MIN_SCORE,
    warning: result.feedback.warning ?? undefined,
    suggestions: result.feedback.suggestions,
  };
}

/** Throws WeakPasswordError saying why, when the password is too weak or too long. */
export function assertStrongPassword(password: string, context: readonly string[] = []): void {
  if (password.length > MAX_PASSWORD_LENGTH) throw new WeakPasswordError(`password is longer than ${MAX_PASSWORD_LENGTH} characters`);
  const verdict = ratePassword(password, context);
  if (verdict.ok) return;
  const why = [verdict.warning, ...verdict.suggestions].filter(Boolean).join(' ');
  throw new WeakPasswordError(`password is too weak (strength ${verdict.score} of 4, need ${MIN_SCORE})${why ? `: ${why}` : ''}`);
}
