import { type ReactNode, useEffect, useId, useState } from 'react';
import './controls.css';

export interface NumberRowProps {
  label: ReactNode;
  hint?: ReactNode;
  value: number;
  min: number;
  max: number;
  onChange(value: number): void;
}

/** A whole number in a range, committed on blur or Enter; out of range, it says so and keeps the old value. */
export function NumberRow({ label, hint, value, min, max, onChange }: NumberRowProps) {
  const id = useId();
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const parsed = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  const isValid = parsed >= min && parsed <= max;
  const commit = (): void => {
    if (isValid && parsed !== value) onChange(parsed);
  };
  return (
    <div className="control-row">
      <div className="control-row__text">
        <label htmlFor={id} className="control-row__label">
          {label}
        </label>
        <p className="control-row__hint" id={`${id}-hint`}>
          {isValid ? hint : `Use a whole number from ${min} to ${max}.`}
        </p>
      </div>
      <input
        id={id}
        className="number-input mono"
        inputMode="numeric"
        value={text}
        aria-invalid={!isValid}
        aria-describedby={`${id}-hint`}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => event.key === 'Enter' && (event.preventDefault(), commit())}
      />
    </div>
  );
}
