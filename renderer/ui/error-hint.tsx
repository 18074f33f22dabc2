import type { ErrorHint } from '../../shared/errors';
import { Button } from './button';
import { hintOnSurface, type HintActions } from './hint-text';
import './error-hint.css';

export interface ErrorHintProps {
  hint: ErrorHint | undefined;
  /** The controls this surface has: a hint that one of them answers shows it as a button. */
  actions?: HintActions;
  className?: string;
}

/** What to do next about an error, in words, with the button that does it where the surface has one. */
export function ErrorHintLine({ hint, actions, className }: ErrorHintProps) {
  if (hint === undefined) return null;
  const shown = hintOnSurface(hint, actions);
  return (
    <span className={`error-hint ${className ?? ''}`} data-testid="error-hint" data-hint={hint.kind}>
      {shown.text}
      {shown.control !== undefined && (
        <Button variant="ghost" size="s" className="error-hint__action" onClick={shown.control.run}>
          {shown.control.label}
        </Button>
      )}
    </span>
  );
}
