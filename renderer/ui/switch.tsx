import { type ReactNode, useId } from 'react';
import './controls.css';

export interface SwitchProps {
  label: ReactNode;
  hint?: ReactNode;
  isOn: boolean;
  onChange(isOn: boolean): void;
}

/** An on/off setting: a real checkbox (Space toggles it) drawn as a switch. */
export function Switch({ label, hint, isOn, onChange }: SwitchProps) {
  const id = useId();
  return (
    <div className="control-row">
      <div className="control-row__text">
        <label htmlFor={id} className="control-row__label">
          {label}
        </label>
        {hint !== undefined && (
          <p className="control-row__hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
      </div>
      <input
        id={id}
        type="checkbox"
        role="switch"
        className="switch"
        checked={isOn}
        aria-describedby={hint !== undefined ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
    </div>
  );
}
