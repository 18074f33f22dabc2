import { Circle, CircleStop, Search, X } from 'lucide-react';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { SessionId } from '../../shared/ipc';
import type { Settings } from '../../shared/model';
import { useClient } from '../app/client-context';
import { UntrustedText } from '../prompts/untrusted-text';
import { Button } from '../ui/button';
import { ConnectionProgress } from './connection-progress';
import { LinkDialog } from './link-dialog';
import { PasteDialog } from './paste-dialog';
import type { PasteRisk } from './paste-guard';
import { SearchBar } from './search-bar';
import { SessionEnded } from './session-ended';
import type { SessionStatus, TerminalSessions } from './terminal-sessions';
import { type TerminalTarget, useTerminal } from './use-terminal';
import './terminal.css';

export interface TerminalPaneProps {
  tabId: string;
  title: string;
  target: TerminalTarget;
  isActive: boolean;
  sessions: TerminalSessions;
  settings: Settings;
  theme: 'light' | 'dark';
  onSession(tabId: string, sessionId: SessionId): void;
  onClose(tabId: string): void;
  onError(message: string, code?: string): void;
}

/** One tab: the terminal, how the connection is going, why it ended, and its search and guards. */
export function TerminalPane({ tabId, title, target, isActive, sessions, settings, theme, onSession, onClose, onError }: TerminalPaneProps) {
  const { api } = useClient();
  const host = useRef<HTMLDivElement>(null);
  const [link, setLink] = useState<string | undefined>(undefined);
  const [pending, setPending] = useState<{ text: string; risk: PasteRisk } | undefined>(undefined);
  const [isSearching, setSearching] = useState(false);
  /** Notices up to this id were dismissed (a new connection attempt brings new ones). */
  const [dismissedUpTo, setDismissedUpTo] = useState(0);
  const terminal = useTerminal({
    host,
    target,
    sessions,
    settings,
    theme,
    onSession: (sessionId) => onSession(tabId, sessionId),
    onLink: setLink,
    onRiskyPaste: (text, risk) => setPending({ text, risk }),
    onSearch: () => setSearching(true),
  });
  const status = useSyncExternalStore(
    (onChange) => sessions.subscribe(onChange),
    () => sessions.get(terminal.sessionId()),
  );
  const shown: SessionStatus | undefined = terminal.openError !== undefined ? { state: 'closed', progress: [], notices: [], error: terminal.openError, attempt: 1 } : status;
  const state = shown?.state ?? 'connecting';

  useEffect(() => {
    if (!isActive) return;
    terminal.controller.current?.fitNow();
    terminal.controller.current?.focus();
  }, [isActive, terminal.controller]);
  useEffect(() => {
    if (state === 'connected') {
      terminal.syncSize();
      if (isActive) terminal.controller.current?.focus();
    }
    // Only on a change of state (each attempt connects once).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state, shown?.attempt]);

  const reconnect = (): void => {
    const sessionId = terminal.sessionId();
    if (sessionId === undefined) return;
    terminal.controller.current?.writeLocal('\r\n\x1b[2m── reconnecting ──\x1b[0m\r\n');
    void api['terminal.reconnect']({ sessionId }).then((result) => !result.ok && onError(result.error.message, result.error.code));
    terminal.controller.current?.focus();
  };
  const toggleRecording = (): void => {
    const sessionId = terminal.sessionId();
    if (sessionId === undefined) return;
    void api['terminal.record']({ sessionId, on: shown?.recordingFile === undefined }).then((result) => !result.ok && onError(result.error.message, result.error.code));
    // A toolbar click must not leave the keyboard on the button: typing goes back to the shell.
    terminal.controller.current?.focus();
  };
  const isRecording = shown?.recordingFile !== undefined;
  const notices = (shown?.notices ?? []).filter((notice) => notice.id > dismissedUpTo);

  return (
    <section
      className={`terminal-pane terminal-pane--${state} ${isActive ? 'terminal-pane--active' : ''}`}
      aria-label={title}
      aria-hidden={!isActive}
      inert={!isActive}
      data-testid="terminal-pane"
      data-state={state}
    >
      <header className="terminal-pane__bar">
        <span className={`terminal-pane__state terminal-pane__state--${state}`}>{state === 'closed' ? 'disconnected' : state}</span>
        <span className="terminal-pane__title mono" title={title}>
          {title}
        </span>
        <span className="terminal-pane__spacer" />
        {isRecording && (
          <span className="terminal-pane__rec" data-testid="recording-indicator" title={shown?.recordingFile}>
            <span className="terminal-pane__rec-dot" aria-hidden="true" />
            REC
          </span>
        )}
        <Button variant="ghost" size="s" icon={Search} aria-label="Find (Ctrl+Shift+F)" title="Find (Ctrl+Shift+F)" onClick={() => setSearching(true)} />
        <Button
          variant="ghost"
          size="s"
          icon={isRecording ? CircleStop : Circle}
          title={isRecording ? `Recording to ${shown?.recordingFile ?? ''}` : 'Record this session as an asciicast file'}
          aria-pressed={isRecording}
          disabled={state !== 'connected'}
          onClick={toggleRecording}
          className={`terminal-pane__record ${isRecording ? 'terminal-pane__record--on' : ''}`}
        >
          {isRecording ? 'Stop' : 'Record'}
        </Button>
      </header>
      {notices.length > 0 && (
        <div className="terminal-pane__notices" data-testid="terminal-notices">
          <Button variant="ghost" size="s" icon={X} aria-label="Dismiss messages" title="Dismiss" className="terminal-pane__dismiss" onClick={() => setDismissedUpTo(notices.at(-1)?.id ?? 0)} />
          {notices.map((notice) =>
            notice.isUntrusted ? (
              <UntrustedText key={notice.id} hop={notice.hop} text={notice.text} label={notice.kind === 'banner' ? 'Banner from' : 'Message from'} />
            ) : (
              <p key={notice.id} className={`terminal-notice terminal-notice--${notice.kind}`}>
                <span className="mono">{notice.hop}</span> {notice.text}
              </p>
            ),
          )}
        </div>
      )}
      <div className="terminal-pane__body">
        <div ref={host} className="terminal-pane__xterm" data-testid="terminal" />
        {state === 'connecting' && <ConnectionProgress title={title} progress={shown?.progress ?? []} attempt={shown?.attempt ?? 1} />}
        {isSearching && (
          <SearchBar
            onFind={(text, direction) => terminal.controller.current?.find(text, direction) ?? false}
            onClose={() => {
              setSearching(false);
              terminal.controller.current?.clearSearch();
              terminal.controller.current?.focus();
            }}
          />
        )}
      </div>
      {state === 'closed' && shown !== undefined && <SessionEnded status={shown} onReconnect={reconnect} onClose={() => onClose(tabId)} />}
      {link !== undefined && <LinkDialog uri={link} onClose={() => setLink(undefined)} />}
      {pending !== undefined && (
        <PasteDialog
          text={pending.text}
          risk={pending.risk}
          target={title}
          onCancel={() => {
            setPending(undefined);
            terminal.controller.current?.focus();
          }}
          onPaste={() => {
            setPending(undefined);
            terminal.pasteNow(pending.text);
            terminal.controller.current?.focus();
          }}
        />
      )}
    </section>
  );
}
