/** A live strength meter under a new password: a score bar and, while too weak, why. */
import { useEffect, useState } from 'preact/hooks';
import type { StrengthVerdict } from '../api/types';
import { loadEstimator } from '../strength';

const LABELS = ['very weak', 'weak', 'fair', 'strong', 'very strong'];

export function explain(verdict: StrengthVerdict): string {
  const label = `Strength: ${LABELS[verdict.score]} (${verdict.score} of 4).`;
  if (verdict.ok) return `${label} Good.`;
  const why = [verdict.warning, ...verdict.suggestions].filter(Boolean).join(' ');
  return `${label} Too weak: ${why || 'make it longer and less predictable.'}`;
}

interface PasswordMeterProps {
  password: string;
  userInputs: string[];
  onVerdict: (v: StrengthVerdict | undefined) => void;
  /** The hint's id, for the password field's aria-describedby; unique when a page has two meters. */
  hintId?: string;
}

export function PasswordMeter({ password, userInputs, onVerdict, hintId = 'password-hint' }: PasswordMeterProps) {
  const [verdict, setVerdict] = useState<StrengthVerdict>();
  useEffect(() => {
    let current = true;
    if (!password) {
      setVerdict(undefined);
      onVerdict(undefined);
      return;
    }
    void loadEstimator().then((rate) => {
      if (!current) return;
      const next = rate(password, userInputs);
      setVerdict(next);
      onVerdict(next);
    });
    return () => {
      current = false;
    };
  }, [password, userInputs.join('\n')]);

  return (
    <div class="meter">
      <meter min={0} max={4} low={2} high={3} optimum={4} value={verdict?.score ?? 0} aria-label="Password strength" />
      <p id={hintId} class={verdict && !verdict.ok ? 'hint weak' : 'hint'} aria-live="polite">
        {verdict ? explain(verdict) : 'Use four or more unrelated words, or a long random password.'}
      </p>
    </div>
  );
}
