import { X } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';
import { type FormEvent, type KeyboardEvent, type ReactNode, useId, useRef } from 'react';
import { createPortal } from 'react-dom';
import { Button } from './button';
import { useFocusTrap } from './use-focus-trap';
import './dialog.css';

export interface DialogProps {
  title: ReactNode;
  /** One line under the title. */
  subtitle?: ReactNode;
  icon?: LucideIcon;
  tone?: 'default' | 'warning' | 'danger';
  width?: 's' | 'm' | 'l';
  /** Escape and the close button call this; without it the dialog must be answered. */
  onClose?: () => void;
  /** Renders the body as a form; Enter in a field submits. */
  onSubmit?: () => void;
  footer?: ReactNode;
  /** Instead of a footer, for a dialog with nothing to answer: one primary button, with this label, that closes it. */
  doneLabel?: string;
  children?: ReactNode;
  testId?: string;
}

/** A modal dialog: focus trapped inside, Escape closes, the app behind it is inert. */
export function Dialog({ title, subtitle, icon: Icon, tone = 'default', width = 'm', onClose, onSubmit, footer, doneLabel, children, testId }: DialogProps) {
  const panel = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const subtitleId = useId();
  useFocusTrap(panel);

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && onClose !== undefined) {
      event.stopPropagation();
      onClose();
    }
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onSubmit?.();
  };
  const content = (
    <>
      <header className="dialog__header">
        {Icon !== undefined && (
          <span className={`dialog__icon dialog__icon--${tone}`}>
            <Icon size={18} aria-hidden="true" />
          </span>
        )}
        <div className="dialog__titles">
          <h2 className="dialog__title" id={titleId}>
            {title}
          </h2>
          {subtitle !== undefined && (
            <p className="dialog__subtitle" id={subtitleId}>
              {subtitle}
            </p>
          )}
        </div>
        {onClose !== undefined && <Button variant="ghost" size="s" icon={X} aria-label="Close" onClick={onClose} className="dialog__close" />}
      </header>
      <div className="dialog__body">{children}</div>
      {footer !== undefined && <footer className="dialog__footer">{footer}</footer>}
      {footer === undefined && doneLabel !== undefined && (
        <footer className="dialog__footer">
          <Button variant="primary" onClick={onClose}>
            {doneLabel}
          </Button>
        </footer>
      )}
    </>
  );

  return createPortal(
    <div className="dialog-backdrop">
      <div
        ref={panel}
        role={tone === 'default' ? 'dialog' : 'alertdialog'}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={subtitle !== undefined ? subtitleId : undefined}
        className={`dialog dialog--${width} dialog--${tone}`}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-testid={testId}
      >
        {onSubmit !== undefined ? (
          <form className="dialog__form" onSubmit={submit} noValidate>
            {content}
          </form>
        ) : (
          content
        )}
      </div>
    </div>,
    document.body,
  );
}
