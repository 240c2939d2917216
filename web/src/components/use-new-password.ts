/**
 * A new password being typed under a strength meter. The form refuses it already when the meter
 * knows it is too weak; the node checks again regardless.
 */
import { useState } from 'preact/hooks';
import type { StrengthVerdict } from '../api/types';
import { explain } from './PasswordMeter';

export function useNewPassword() {
  const [password, setPassword] = useState('');
  const [verdict, setVerdict] = useState<StrengthVerdict>();
  /** Why the password may not be sent, or undefined when it may. */
  const refusal = (): string | undefined => (verdict && !verdict.ok ? `This password is refused. ${explain(verdict)}` : undefined);
  return { password, setPassword, setVerdict, refusal };
}
