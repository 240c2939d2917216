/**
 * Copies a text to the clipboard and says so. The clipboard API exists only on secure origins
 * (https, localhost); a node reached by plain http on the LAN gets the older copy command.
 */
import { useState } from 'preact/hooks';

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(copyBySelection(text));
    }
  };
  // The visible word stays part of the name (WCAG 2.5.3): "Copy the link…" becomes "Copied the link…".
  const name = label === 'Copy' ? undefined : copied ? label.replace(/^Copy\b/, 'Copied') : label;
  return (
    <button type="button" onClick={() => void copy()} aria-label={name}>
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

function copyBySelection(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } finally {
    area.remove();
  }
}
