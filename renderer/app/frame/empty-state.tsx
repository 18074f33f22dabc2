import { ArrowRight, Plus, SquareTerminal } from 'lucide-react';
import { forwardRef, useState } from 'react';
import { parseDestination } from '../../connections/destination';
import { describeShortcut } from '../hooks/use-shortcuts';
import { Button } from '../../ui/button';
import type { Completion } from '../../terminal/completions';
import { type CompletionOptions, useDestinationCompletion } from '../../terminal/destination-completion';
import './empty-state.css';

export interface EmptyStateProps {
  hasHosts: boolean;
  onAddHost(): void;
  onQuickConnect(destination: string): void;
  /** A suggestion taken: a saved host opens as itself, anything else by its destination. */
  onChoose(choice: Completion): void;
  /** What quick connect suggests from besides the history main keeps. */
  sources: CompletionOptions['sources'];
}

/** What the main area shows with no tab open: how to start. */
export const EmptyState = forwardRef<HTMLInputElement, EmptyStateProps>(function EmptyState(
  { hasHosts, onAddHost, onQuickConnect, onChoose, sources },
  quickConnect,
) {
  const [error, setError] = useState<string | undefined>(undefined);
  const { text, inputProps, list } = useDestinationCompletion({ sources, onChoose, onEdit: () => setError(undefined) });
  const submit = (): void => {
    const parsed = parseDestination(text);
    if (parsed.ok) onQuickConnect(text.trim());
    else setError(parsed.message);
  };

  return (
    <section className="empty-state" aria-labelledby="empty-state-title" data-testid="empty-state">
      <div className="empty-state__icon" aria-hidden="true">
        <SquareTerminal size={30} strokeWidth={1.6} />
      </div>
      <h1 id="empty-state-title">Connect to a host</h1>
      <p className="empty-state__lead">
        {hasHosts ? 'Pick a saved host in the sidebar, or type a destination.' : 'Type a destination to connect, or add a host to keep it in the sidebar.'}
      </p>
      <form
        className={`quick-connect ${error !== undefined ? 'quick-connect--invalid' : ''}`}
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
        noValidate
      >
        <label htmlFor="quick-connect" className="visually-hidden">
          Quick connect
        </label>
        <span className="quick-connect__prompt mono" aria-hidden="true">
          ssh
        </span>
        <input
          ref={quickConnect}
          id="quick-connect"
          className="quick-connect__input mono"
          placeholder="user@host:port"
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error !== undefined}
          aria-describedby={error !== undefined ? 'quick-connect-error' : undefined}
          {...inputProps}
        />
        <Button type="submit" variant="primary" size="s" icon={ArrowRight} aria-label="Connect" />
        {list}
      </form>
      {error !== undefined && (
        <p id="quick-connect-error" className="empty-state__error">
          {error}
        </p>
      )}
      <div className="empty-state__or" aria-hidden="true">
        <span>or</span>
      </div>
      <Button icon={Plus} onClick={onAddHost}>
        Add a host
      </Button>
      <dl className="empty-state__keys">
        <div>
          <dt>
            <kbd>↑</kbd> <kbd>↓</kbd>
          </dt>
          <dd>move through hosts</dd>
        </div>
        <div>
          <dt>
            <kbd>{describeShortcut('Mod+Shift+H')}</kbd>
          </dt>
          <dd>new host</dd>
        </div>
        <div>
          <dt>
            <kbd>{describeShortcut('Mod+K')}</kbd>
          </dt>
          <dd>quick connect</dd>
        </div>
        <div>
          <dt>
            <kbd>F2</kbd>
          </dt>
          <dd>edit a host</dd>
        </div>
        <div>
          <dt>
            <kbd>Esc</kbd>
          </dt>
          <dd>close a dialog</dd>
        </div>
      </dl>
    </section>
  );
});
