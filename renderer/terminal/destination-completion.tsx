import { Clock, FileCog, Server, X } from 'lucide-react';
import { type ChangeEvent, type KeyboardEvent, type ReactNode, useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { HistoryEntry } from '../../shared/model/history';
import { useClient } from '../app/hooks/client-context';
import { type Completion, type CompletionSources, completions } from './completions';
import './destination-completion.css';

export interface CompletionOptions {
  sources: Omit<CompletionSources, 'history'>;
  onChoose(choice: Completion): void;
  /** The text was changed by hand (an error shown for it can go). */
  onEdit?(): void;
}

/** What the input takes: the combobox's role and ARIA, and its keys. */
export interface CompletionInputProps {
  role: 'combobox';
  'aria-autocomplete': 'list';
  'aria-expanded': boolean;
  'aria-controls': string;
  'aria-activedescendant': string | undefined;
  value: string;
  onChange(event: ChangeEvent<HTMLInputElement>): void;
  onKeyDown(event: KeyboardEvent<HTMLInputElement>): void;
  onFocus(): void;
  onBlur(): void;
}

/**
 * Quick connect's completion as a combobox (ARIA 1.2, list autocomplete): as you type, saved
 * hosts, ~/.ssh/config hosts and destinations connected before. Down and Up move through the list
 * (Down opens it), Enter takes the one shown active (with none, the typed text is submitted as it
 * is), Escape closes the list (a second Escape goes to the dialog), Shift+Delete forgets a past
 * destination. The input keeps the focus throughout; the list's options are never tab stops.
 */
export function useDestinationCompletion({ sources, onChoose, onEdit }: CompletionOptions): {
  text: string;
  inputProps: CompletionInputProps;
  list: ReactNode;
} {
  const { api } = useClient();
  const [text, setText] = useState('');
  const listId = useId();
  const [history, setHistory] = useState<readonly HistoryEntry[]>([]);
  const [isOpen, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const loadHistory = useCallback(() => {
    void api['history.list']({}).then((result) => result.ok && setHistory(result.value));
  }, [api]);
  useEffect(loadHistory, [loadHistory]);
  const items = useMemo(() => completions(text, { ...sources, history }), [text, sources, history]);
  const isShown = isOpen && items.length > 0;
  const optionId = (index: number): string => `${listId}-${index}`;

  const choose = (item: Completion): void => {
    setOpen(false);
    setActive(-1);
    onChoose(item);
  };
  const forget = (item: Completion): void => {
    if (item.kind !== 'history') return;
    setActive(-1);
    void api['history.forget']({ destination: item.destination }).then(loadHistory);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    const move = (step: number): void => {
      event.preventDefault();
      if (!isShown) {
        setOpen(true);
        setActive(step > 0 ? 0 : items.length - 1);
        return;
      }
      // -1 is the text as typed: moving past either end comes back to it.
      const span = items.length + 1;
      setActive((current) => ((((current + 1 + step) % span) + span) % span) - 1);
    };
    const item = isShown ? items[active] : undefined;
    if (event.key === 'ArrowDown') move(1);
    else if (event.key === 'ArrowUp') move(-1);
    else if (event.key === 'Enter' && item !== undefined) {
      event.preventDefault();
      choose(item);
    } else if (event.key === 'Escape' && isShown) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      setActive(-1);
    } else if (event.key === 'Delete' && event.shiftKey && item?.kind === 'history') {
      event.preventDefault();
      forget(item);
    }
  };

  const inputProps: CompletionInputProps = {
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': isShown,
    'aria-controls': listId,
    'aria-activedescendant': isShown && active >= 0 && active < items.length ? optionId(active) : undefined,
    value: text,
    onChange: (event) => {
      setText(event.target.value);
      onEdit?.();
      setOpen(true);
      setActive(-1);
    },
    onKeyDown,
    onFocus: () => setOpen(true),
    onBlur: () => setOpen(false),
  };
  const list = (
    <ul id={listId} role="listbox" aria-label="Suggestions" className="completion" hidden={!isShown} data-testid="completion-list">
      {isShown &&
        items.map((item, index) => (
          <li
            key={item.key}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            className="completion__option"
            data-kind={item.kind}
            // The input keeps the focus: a press on an option must not blur it first.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(item)}
            onMouseMove={() => index !== active && setActive(index)}
          >
            <KindIcon kind={item.kind} />
            <span className="completion__label mono">{item.label}</span>
            <span className="completion__detail">{KIND_WORD[item.kind] + (item.detail === '' ? '' : ` · ${item.detail}`)}</span>
            {item.kind === 'history' && (
              <button
                type="button"
                tabIndex={-1}
                className="completion__forget"
                aria-label={`Forget ${item.label}`}
                title="Forget (Shift+Delete)"
                onClick={(event) => {
                  event.stopPropagation();
                  forget(item);
                }}
              >
                <X size={12} aria-hidden="true" />
              </button>
            )}
          </li>
        ))}
    </ul>
  );
  return { text, inputProps, list };
}

const KIND_WORD: Record<Completion['kind'], string> = { saved: 'saved host', config: '~/.ssh/config', history: 'recent' };

function KindIcon({ kind }: { kind: Completion['kind'] }) {
  const Icon = kind === 'saved' ? Server : kind === 'config' ? FileCog : Clock;
  return <Icon size={14} className="completion__icon" aria-hidden="true" />;
}
