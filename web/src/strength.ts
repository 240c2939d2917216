/**
 * The password-strength estimate for the meter: zxcvbn-ts, the same estimator and the same rule
 * the node enforces (src/auth/password-strength.ts). Its dictionaries are large, so they load
 * only when a page first asks, in a chunk of their own outside the initial bundle.
 */
import type { StrengthVerdict } from './api/types';

export type Estimator = (password: string, userInputs: readonly string[]) => StrengthVerdict;

let loading: Promise<Estimator> | undefined;

export function loadEstimator(): Promise<Estimator> {
  loading ??= import('./zxcvbn-estimator').then((module) => module.ratePassword);
  return loading;
}
