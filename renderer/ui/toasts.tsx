import { CircleAlert, Info, TriangleAlert, X } from 'lucide-react';
import { createPortal } from 'react-dom';
import type { ErrorHint } from '../../shared/errors';
import { Button } from './button';
import { ErrorHintLine, type ErrorHintProps } from './error-hint';
import './toasts.css';

export interface Toast {
  id: number;
  level: 'info' | 'warning' | 'error';
  text: string;
  /** The error code, shown small so a report can quote it. */
  code?: string | undefined;
  /** What to do next, in words, with a button where the app has the action. */
  hint?: ErrorHint | undefined;
}

const ICONS = { info: Info, warning: TriangleAlert, error: CircleAlert } as const;

/**
 * Notices from main, newest at the bottom; errors are announced assertively. Rendered outside the
 * app root so a toast stays usable while a dialog makes the app behind it inert.
 */
export function Toasts({ toasts, onDismiss, actions }: { toasts: readonly Toast[]; onDismiss: (id: number) => void; actions?: ErrorHintProps['actions'] }) {
  return createPortal(
    <section className="toasts" aria-label="Notifications">
      {toasts.map((toast) => {
        const Icon = ICONS[toast.level];
        return (
          <div key={toast.id} className={`toast toast--${toast.level}`} role={toast.level === 'error' ? 'alert' : 'status'}>
            <Icon className="toast__icon" size={16} aria-hidden="true" />
            <div className="toast__text">
              {toast.text}
              {toast.code !== undefined && <span className="toast__code mono">{toast.code}</span>}
              <ErrorHintLine hint={toast.hint} actions={actions} className="toast__hint" />
            </div>
            <Button variant="ghost" size="s" icon={X} aria-label="Dismiss" onClick={() => onDismiss(toast.id)} />
          </div>
        );
      })}
    </section>,
    document.body,
  );
}
