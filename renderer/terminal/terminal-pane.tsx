import { BookmarkPlus, Cable, Circle, CircleStop, Columns2, FolderOpen, Rows2, Search, X } from 'lucide-react';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ErrorHint } from '../../shared/errors';
import type { SessionId } from '../../shared/ipc';
import type { Settings } from '../../shared/model';
import { useClient } from '../app/hooks/client-context';
import { UntrustedText } from '../prompts/untrusted-text';
import { Button, IconButton } from '../ui/button';
import { ConnectionProgress } from './connection-progress';
import { ForgetKeyDialog } from './forget-key-dialog';
import { ForwardPortDialog } from './forward-port-dialog';
import { LinkDialog } from './link-dialog';
import { PaneForwardsStrip } from './pane-forwards-strip';
import { PasteDialog } from './paste-dialog';
import type { PasteRisk } from './paste-guard';
import { SearchBar } from './search-bar';
import { SessionEnded } from './session-ended';
import type { SessionStatus, TerminalSessions } from './terminal-sessions';
import { type TerminalTarget, useTerminal } from './use-terminal';
import { usePaneForwards } from './use-pane-forwards';
import './terminal.css';

export interface TerminalPaneProps {
  paneId: string;
  title: string;
  target: TerminalTarget;
  /** A session main kept across a reload, drawn instead of opening one. */
  restore?: SessionId;
  /** Its tab is the one showing. */
  isVisible: boolean;
  /** It has the keyboard within its tab. */
  isFocused: boolean;
  /** Its tab has more than one pane (the header offers to close just this one). */
  isSplit: boolean;
  /** Where it sits in its tab, in percent. */
  placement: { left: number; top: number; width: number; height: number };
  sessions: TerminalSessions;
  settings: Settings;
  theme: 'light' | 'dark';
  onSession(paneId: string, sessionId: SessionId): void;
  onFocus(paneId: string): void;
  onSplit(direction: 'row' | 'column'): void;
  /** Offered for a quick-connect pane: save its destination as a host. */
  onSaveConnection(destination: string): void;
  /** A files tab to the same place. */
  onOpenFiles(target: TerminalTarget, title: string): void;
  onClose(paneId: string): void;
  onError(message: string, code?: string, hint?: ErrorHint): void;
}

/** One pane of a tab: the terminal, how the connection is going, why it ended, and its search and guards. */
export function TerminalPane(props: TerminalPaneProps) {
  const { paneId, title, target, isVisible, isFocused, isSplit, placement, sessions, settings, theme, onSession, onFocus, onClose, onError } = props;
  const isActive = isVisible && isFocused;
  const { api } = useClient();
  const host = useRef<HTMLDivElement>(null);
  const [link, setLink] = useState<string | undefined>(undefined);
  const [pending, setPending] = useState<{ text: string; risk: PasteRisk } | undefined>(undefined);
  const [isSearching, setSearching] = useState(false);
  const [isForgetting, setForgetting] = useState(false);
  const [isForwarding, setForwarding] = useState(false);
  /** Notices up to this id were dismissed (a new connection attempt brings new ones). */
  const [dismissedUpTo, setDismissedUpTo] = useState(0);
  const terminal = useTerminal({
    host,
    target,
    restore: props.restore,
    sessions,
    settings,
    theme,
    onSession: (sessionId) => onSession(paneId, sessionId),
    onLink: setLink,
    onRiskyPaste: (text, risk) => setPending({ text, risk }),
    onSearch: () => setSearching(true),
  });
  const status = useSyncExternalStore(
    (onChange) => sessions.subscribe(onChange),
    () => sessions.get(terminal.sessionId()),
  );
  const shown: SessionStatus | undefined =
    terminal.openError !== undefined ? { state: 'closed', progress: [], notices: [], error: terminal.openError, attempt: 1 } : status;
  const state = shown?.state ?? 'connecting';
  const sessionId = terminal.sessionId();
  const forwards = usePaneForwards(sessionId);

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
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on a change of state (each attempt connects once)
  }, [state, shown?.attempt]);

  // Marked however it reconnects: its own button, by itself, or with another pane on the same connection.
  const previousState = useRef(state);
  useEffect(() => {
    if (previousState.current === 'closed' && state === 'connecting') terminal.controller.current?.writeLocal('\r\n\x1b[2m── reconnecting ──\x1b[0m\r\n');
    previousState.current = state;
  }, [state, terminal.controller]);

  const reconnect = (): void => {
    const sessionId = terminal.sessionId();
    if (sessionId === undefined) return;
    void api['terminal.reconnect']({ sessionId }).then((result) => !result.ok && onError(result.error.message, result.error.code, result.error.hint));
    terminal.controller.current?.focus();
  };
  const forgetHostKey = async (): Promise<void> => {
    setForgetting(false);
    const sessionId = terminal.sessionId();
    if (sessionId === undefined) return;
    const result = await api['terminal.forgetHostKey']({ sessionId });
    if (!result.ok) return onError(result.error.message, result.error.code, result.error.hint);
    terminal.controller.current?.writeLocal(`\r\n\x1b[2m── old host key removed from ${result.value.file} ──\x1b[0m\r\n`);
    reconnect();
  };
  const stopRetrying = (): void => {
    const sessionId = terminal.sessionId();
    if (sessionId !== undefined) void api['terminal.cancelReconnect']({ sessionId });
  };
  const headerButton = (action: () => void) => () => {
    action();
    // A toolbar click must not leave the keyboard on the button: typing goes back to the shell.
    terminal.controller.current?.focus();
  };
  const toggleRecording = (): void => {
    const sessionId = terminal.sessionId();
    if (sessionId === undefined) return;
    void api['terminal.record']({ sessionId, on: shown?.recordingFile === undefined }).then(
      (result) => !result.ok && onError(result.error.message, result.error.code, result.error.hint),
    );
    terminal.controller.current?.focus();
  };
  const isRecording = shown?.recordingFile !== undefined;
  const notices = (shown?.notices ?? []).filter((notice) => notice.id > dismissedUpTo);

  return (
    <section
      className={`terminal-pane terminal-pane--${state} ${isVisible ? 'terminal-pane--visible' : ''} ${isActive ? 'terminal-pane--active' : ''} ${isSplit ? 'terminal-pane--split' : ''}`}
      style={{ left: `${placement.left}%`, top: `${placement.top}%`, width: `${placement.width}%`, height: `${placement.height}%` }}
      aria-label={title}
      aria-hidden={!isVisible}
      inert={!isVisible}
      data-testid="terminal-pane"
      data-pane-id={paneId}
      data-state={state}
      onFocusCapture={() => !isFocused && onFocus(paneId)}
      onMouseDown={() => !isFocused && onFocus(paneId)}
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
        {'destination' in target && (
          <IconButton
            icon={BookmarkPlus}
            label="Save this connection"
            title="Save this connection as a host"
            onClick={() => props.onSaveConnection(target.destination)}
          />
        )}
        <IconButton icon={Cable} label="Forward a port…" disabled={state !== 'connected'} onClick={() => setForwarding(true)} />
        <IconButton icon={FolderOpen} label="Files on this host" onClick={() => props.onOpenFiles(target, title)} />
        <IconButton icon={Search} label="Find (Ctrl+Shift+F)" onClick={() => setSearching(true)} />
        <IconButton icon={Columns2} label="Split right (Ctrl+Shift+D)" onClick={headerButton(() => props.onSplit('row'))} />
        <IconButton icon={Rows2} label="Split down (Ctrl+Shift+E)" onClick={headerButton(() => props.onSplit('column'))} />
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
        {isSplit && <IconButton icon={X} label="Close this pane" title="Close this pane (Ctrl+Shift+W)" onClick={() => onClose(paneId)} />}
      </header>
      {sessionId !== undefined && <PaneForwardsStrip sessionId={sessionId} state={forwards} onError={onError} />}
      {notices.length > 0 && (
        <div className="terminal-pane__notices" data-testid="terminal-notices">
          <IconButton
            icon={X}
            label="Dismiss messages"
            title="Dismiss"
            className="terminal-pane__dismiss"
            onClick={() => setDismissedUpTo(notices.at(-1)?.id ?? 0)}
          />
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
      {state === 'closed' && shown !== undefined && (
        <SessionEnded
          status={shown}
          onReconnect={reconnect}
          onStopRetrying={stopRetrying}
          onForgetHostKey={() => setForgetting(true)}
          onClose={() => onClose(paneId)}
        />
      )}
      {isForgetting && <ForgetKeyDialog hop={shown?.error?.hop ?? title} onConfirm={() => void forgetHostKey()} onClose={() => setForgetting(false)} />}
      {isForwarding && sessionId !== undefined && (
        <ForwardPortDialog
          sessionId={sessionId}
          onOpened={() => {
            setForwarding(false);
            terminal.controller.current?.focus();
          }}
          onClose={() => setForwarding(false)}
        />
      )}
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
