/** Copies a text to the clipboard and says so; where the clipboard API is missing, selects it instead. */
import { useState } from 'preact/hooks';

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <button type="button" onClick={() => void copy()} aria-label={label === 'Copy' ? undefined : label}>
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}
