/** A labelled text input, the building block of every form here. */

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  type?: 'text' | 'password';
  autocomplete?: string;
  required?: boolean;
  describedBy?: string;
}

export function Field({ id, label, value, onValue, type = 'text', autocomplete, required, describedBy }: FieldProps) {
  const input = { id, autocomplete, required, value, 'aria-describedby': describedBy, onInput: (e: Event) => onValue((e.currentTarget as HTMLInputElement).value) };
  return (
    <>
      <label for={id}>{label}</label>
      {type === 'password' ? <input type="password" {...input} /> : <input type="text" {...input} />}
    </>
  );
}
