/** Loaded on demand by strength.ts: the zxcvbn-ts estimator with its English dictionaries. */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import type { StrengthVerdict } from './api/types';

/** As on the node: zxcvbn score 3, "safely unguessable". */
const MIN_SCORE = 3;

const zxcvbn = new ZxcvbnFactory({
  translations: en.translations,
  graphs: common.adjacencyGraphs,
  dictionary: { ...common.dictionary, ...en.dictionary },
});

export function ratePassword(password: string, userInputs: readonly string[]): StrengthVerdict {
  // As on the node: past ~100 characters the score cannot drop, and the cost keeps growing.
  const result = zxcvbn.check(password.slice(0, 100), [...userInputs, 'kith']);
  return {
    score: result.score,
    ok: result.score >= MIN_SCORE,
    warning: result.feedback.warning || undefined,
    suggestions: result.feedback.suggestions,
  };
}
