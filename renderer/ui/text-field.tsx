import { type InputHTMLAttributes, type ReactNode, forwardRef, useId } from 'react';
import './field.css';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  isMono?: boolean;
}

/** A labelled input with a hint and an error, tied together for screen readers. */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField({ label, hint, error, isMono = false, className, ...rest }, ref) {
  const id = useId();
  const describedBy = error !== undefined ? `${id}-error` : hint !== undefined ? `${id}-hint` : undefined;
  return (
    <div className={`field ${error !== undefined ? 'field--invalid' : ''} ${className ?? ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        ref={ref}
        id={id}
        className={`field__input ${isMono ? 'mono' : ''}`}
        aria-invalid={error !== undefined}
        aria-describedby={describedBy}
        spellCheck={false}
        autoComplete="off"
        {...rest}
      />
      {error !== undefined ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : (
        hint !== undefined && (
          <p className="field__hint" id={`${id}-hint`}>
            {hint}
          </p>
        )
      )}
    </div>
  );
});
