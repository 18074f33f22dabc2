import { type RefObject, useEffect, useRef, useState } from 'react';
import type { AppErrorData } from '../../shared/errors/app-error';
import type { SessionId } from '../../shared/ipc';
import type { Settings } from '../../shared/model';
import { useClient } from '../app/hooks/client-context';
import { pasteRisk, type PasteRisk } from './paste-guard';
import { TerminalController, type TerminalLook } from './terminal-controller';
import type { TerminalSessions } from './terminal-sessions';

export type TerminalTarget = { profileId: string } | { destination: string };

export interface UseTerminalOptions {
  host: RefObject<HTMLDivElement | null>;
  target: TerminalTarget;
  /** A session main kept for this window (after a reload): drawn from its scrollback instead of opening one. */
  restore?: SessionId;
  sessions: TerminalSessions;
  settings: Settings;
  theme: 'light' | 'dark';
  onSession(sessionId: SessionId): void;
  onLink(uri: string): void;
  onRiskyPaste(text: string, risk: PasteRisk): void;
  onSearch(): void;
}

function lookOf(settings: Settings, theme: 'light' | 'dark'): TerminalLook {
  return {
    theme,
    fontSize: settings.terminalFontSize,
    fontFamily: settings.terminalFontFamily,
    scrollback: settings.terminalScrollback,
    cursorStyle: settings.terminalCursorStyle,
    cursorBlink: settings.terminalCursorBlink,
    renderer: settings.terminalRenderer,
  };
}

/** Text over this size goes to main in pieces: one terminal.write carries at most 1 MiB. */
const WRITE_CHUNK = 256 * 1024;

/**
 * One tab's terminal: creates the xterm controller, opens the session at the fitted size, draws
 * output and acknowledges each batch once drawn (main pauses the channel past its high-water
 * mark), sends keystrokes and resizes while connected, and guards pastes.
 */
export function useTerminal(options: UseTerminalOptions) {
  const client = useClient();
  const { api } = client;
  const latest = useRef(options);
  latest.current = options;
  const controller = useRef<TerminalController | undefined>(undefined);
  const sessionId = useRef<SessionId | undefined>(undefined);
  const opening = useRef<Promise<unknown> | undefined>(undefined);
  const [openError, setOpenError] = useState<AppErrorData | undefined>(undefined);

  const isConnected = (): boolean => latest.current.sessions.get(sessionId.current)?.state === 'connected';
  const send = (data: string): void => {
    const id = sessionId.current;
    if (id === undefined || !isConnected()) return;
    for (let at = 0; at < data.length; at += WRITE_CHUNK) void api['terminal.write']({ sessionId: id, data: data.slice(at, at + WRITE_CHUNK) });
  };
  const paste = (text: string): void => {
    const risk = latest.current.settings.confirmMultilinePaste ? pasteRisk(text) : undefined;
    if (risk === undefined) controller.current?.paste(text);
    else latest.current.onRiskyPaste(text, risk);
  };
  /** Main's recent output of a kept session, and how it is; live output then goes on from there. */
  const attachFresh = async (id: SessionId) => {
    const result = await api['terminal.attach']({ sessionId: id });
    if (result.ok) latest.current.sessions.restore(result.value.state);
    return result;
  };
  const pasteFromClipboard = (): void => {
    void navigator.clipboard?.readText().then(paste, () => undefined);
  };

  useEffect(() => {
    const element = options.host.current;
    if (element === null) return;
    const { settings, theme } = latest.current;
    const created = new TerminalController(element, lookOf(settings, theme), {
      onInput: send,
      onResize: (size) => {
        const id = sessionId.current;
        if (id !== undefined && isConnected()) void api['terminal.resize']({ sessionId: id, ...size });
      },
      onLink: (uri) => latest.current.onLink(uri),
      onSelection: (text) => {
        if (latest.current.settings.copyOnSelect) void navigator.clipboard?.writeText(text).catch(() => undefined);
      },
      onKey: (event) => {
        const hasMod = (event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey;
        const key = event.key.toUpperCase();
        if (!hasMod || !['C', 'V', 'F'].includes(key)) return false;
        event.preventDefault();
        if (key === 'C') {
          const text = created.selection();
          if (text !== '') void navigator.clipboard?.writeText(text).catch(() => undefined);
        }
        if (key === 'V') pasteFromClipboard();
        if (key === 'F') latest.current.onSearch();
        return true;
      },
    });
    controller.current = created;
    Object.defineProperty(element, 'jumpgateTerminal', { value: created, configurable: true });

    // Native pastes (menu, middle click, Ctrl+V in a browser) pass the same guard as Ctrl+Shift+V.
    const onPaste = (event: ClipboardEvent): void => {
      event.preventDefault();
      event.stopImmediatePropagation();
      paste(event.clipboardData?.getData('text/plain') ?? '');
    };
    const onContextMenu = (event: MouseEvent): void => {
      if (!latest.current.settings.rightClickPaste) return;
      event.preventDefault();
      pasteFromClipboard();
    };
    element.addEventListener('paste', onPaste, true);
    element.addEventListener('contextmenu', onContextMenu);

    // Opened once per tab (StrictMode runs this effect twice; the ref keeps the one session).
    const restore = latest.current.restore;
    opening.current ??= restore === undefined ? api['terminal.open']({ target: latest.current.target, ...created.size }) : attachFresh(restore);
    let isCurrent = true;
    let attachment: { dispose(): void } | undefined;
    const draw = (id: SessionId) => (data: string) => created.write(data, () => void api['terminal.ack']({ sessionId: id, chars: data.length }));
    void opening.current.then((result) => {
      const answer = result as Awaited<ReturnType<(typeof api)['terminal.open']>> | Awaited<ReturnType<typeof attachFresh>>;
      if (!isCurrent) return;
      if (!answer.ok) return setOpenError(answer.error);
      const id = 'sessionId' in answer.value ? answer.value.sessionId : restore!;
      sessionId.current = id;
      if ('scrollback' in answer.value) created.writeLocal(answer.value.scrollback);
      attachment = latest.current.sessions.attach(id, draw(id), restore !== undefined);
      latest.current.onSession(id);
    });
    // The bridge's link came back: what was sent while it was down is lost, so draw afresh from main's scrollback.
    let wasDown = false;
    const offStatus = client.transport.onStatus(({ state }) => {
      const id = sessionId.current;
      if (state !== 'open') wasDown ||= state === 'closed';
      if (state !== 'open' || !wasDown || id === undefined) return;
      wasDown = false;
      attachment?.dispose();
      void attachFresh(id).then((result) => {
        if (!isCurrent || !result.ok) return;
        created.terminal.reset();
        created.writeLocal(result.value.scrollback);
        attachment = latest.current.sessions.attach(id, draw(id), true);
      });
    });
    return () => {
      isCurrent = false;
      offStatus();
      attachment?.dispose();
      element.removeEventListener('paste', onPaste, true);
      element.removeEventListener('contextmenu', onContextMenu);
      created.dispose();
      controller.current = undefined;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the terminal lives as long as the tab; look and settings changes are applied below
  }, []);

  const look = lookOf(options.settings, options.theme);
  useEffect(() => {
    controller.current?.setLook(look);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when something the terminal shows changed
  }, [look.theme, look.fontSize, look.fontFamily, look.scrollback, look.cursorStyle, look.cursorBlink, look.renderer]);

  return {
    controller,
    openError,
    sessionId: () => sessionId.current,
    /** After (re)connecting, main may hold an older size: send the one drawn now. */
    syncSize: () => {
      const id = sessionId.current;
      const size = controller.current?.size;
      if (id !== undefined && size !== undefined && isConnected()) void api['terminal.resize']({ sessionId: id, ...size });
    },
    pasteNow: (text: string) => controller.current?.paste(text),
  };
}
