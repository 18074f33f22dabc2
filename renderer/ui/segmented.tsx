import type { LucideIcon } from 'lucide-react';
import { useId } from 'react';
import './controls.css';

export interface SegmentedOption<T extends string> {
  value: T;
  label: string;
  icon?: LucideIcon;
}

export interface SegmentedProps<T extends string> {
  label: string;
  options: readonly SegmentedOption<T>[];
  value: T;
  onChange(value: T): void;
}

/** One choice out of a few, side by side: native radio buttons, so arrow keys move the choice. */
export function Segmented<T extends string>({ label, options, value, onChange }: SegmentedProps<T>) {
  const name = useId();
  return (
    <fieldset className="segmented">
      <legend className="control-row__label">{label}</legend>
      <div className="segmented__options">
        {options.map((option) => (
          <label key={option.value} className={`segmented__option ${option.value === value ? 'segmented__option--on' : ''}`}>
            <input type="radio" name={name} value={option.value} checked={option.value === value} onChange={() => onChange(option.value)} />
            {option.icon !== undefined && <option.icon size={14} aria-hidden="true" />}
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
