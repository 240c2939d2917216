/** Asks for one name (new folder, rename) or path (move, copy) in a modal dialog; Escape or Cancel closes it. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Field } from './Field';
import { useAction } from './use-action';

interface NameDialogProps {
  title: string;
  /** What is asked for; a name unless said otherwise. */
  label?: string;
  initial: string;
  confirm: string;
  onSubmit: (name: string) => Promise<void>;
  onClose: () => void;
  /** A way to fill the field other than typing (a folder browser), given the field's setter. */
  chooser?: (setValue: (value: string) => void) => ComponentChildren;
}

export function NameDialog({ title, label = 'Name', initial, confirm, onSubmit, onClose, chooser }: NameDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState(initial);
  const { busy, error, run } = useAction();
  useEffect(() => {
    dialog.current?.showModal();
    // Select the name without its extension, as file managers do.
    const input = dialog.current?.querySelector('input');
    const dot = initial.lastIndexOf('.');
    input?.setSelectionRange(0, dot > 0 ? dot : initial.length);
  }, []);

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await onSubmit(name.trim());
      onClose();
    });
  };
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="name-dialog-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="name-dialog-title">{title}</h2>
        <Field id="name-dialog-input" label={label} required={label === 'Name'} value={name} onValue={setName} />
        {chooser?.(setName)}
        {error && <p class="error" role="alert">{error}</p>}
        <div class="dialog-buttons">
          <button type="button" onClick={onClose}>Cancel</button>
          <button class="primary" type="submit" disabled={busy || (label === 'Name' && !name.trim())}>{confirm}</button>
        </div>
      </form>
    </dialog>
  );
}
