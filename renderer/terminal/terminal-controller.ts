import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { SerializeAddon } from '@xterm/addon-serialize';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { Disposable } from '../../shared/base/disposable';
import { isSoftwareWebgl } from './gpu-check';
import { TERMINAL_FONT, TERMINAL_THEMES } from './terminal-theme';

export interface TerminalLook {
  theme: 'light' | 'dark';
  fontSize: number;
  /** Empty: the bundled JetBrains Mono. */
  fontFamily: string;
  scrollback: number;
  cursorStyle: 'block' | 'bar' | 'underline';
  cursorBlink: boolean;
  renderer: 'auto' | 'gpu' | 'dom';
}

function wantsWebgl(choice: TerminalLook['renderer']): boolean {
  return choice === 'gpu' || (choice === 'auto' && !isSoftwareWebgl());
}

/** The font stack for a chosen family: it first, the bundled font behind it. */
function fontStack(family: string): string {
  const chosen = family.trim();
  return chosen === '' ? `${TERMINAL_FONT}, monospace` : `${JSON.stringify(chosen)}, ${TERMINAL_FONT}, monospace`;
}

/** What the terminal needs the app to do; each is called only from a user's action or the shell. */
export interface TerminalHandlers {
  onInput(data: string): void;
  onResize(size: { cols: number; rows: number }): void;
  /** A link (plain URL or OSC 8) was activated: the app shows the real target before opening it. */
  onLink(uri: string): void;
  /** A key that belongs to the tab, not the shell (copy, paste, search). Return true when handled. */
  onKey(event: KeyboardEvent): boolean;
  onSelection(text: string): void;
}

const RESIZE_DEBOUNCE_MS = 40;
const SEARCH_DECORATIONS = {
  matchOverviewRuler: '#f0b454',
  activeMatchColorOverviewRuler: '#f27983',
  matchBackground: '#f0b45466',
  activeMatchBackground: '#f27983aa',
};

/**
 * One xterm.js terminal and its addons, outside React: the GPU renderer with a fallback to the DOM
 * one when WebGL is unavailable or its context is lost, fit on every size change (debounced),
 * unicode 11 widths, links, search and serialize.
 */
export class TerminalController implements Disposable {
  readonly terminal: Terminal;
  private readonly fit = new FitAddon();
  private readonly search = new SearchAddon();
  private readonly serialize = new SerializeAddon();
  private webgl: WebglAddon | undefined;
  private readonly observer: ResizeObserver;
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;
  private isDisposed = false;
  private fontFamily: string;
  private rendererChoice: TerminalLook['renderer'] = 'auto';
  /** 'webgl' or 'dom': which renderer draws (the e2e reads this, users never need to). */
  renderer: 'webgl' | 'dom' = 'dom';

  constructor(
    private readonly host: HTMLElement,
    look: TerminalLook,
    handlers: TerminalHandlers,
  ) {
    this.fontFamily = look.fontFamily;
    this.terminal = new Terminal({
      allowProposedApi: true,
      fontFamily: look.fontFamily.trim() === '' ? TERMINAL_FONT : fontStack(look.fontFamily),
      fontSize: look.fontSize,
      lineHeight: 1.15,
      scrollback: look.scrollback,
      theme: TERMINAL_THEMES[look.theme],
      cursorBlink: look.cursorBlink,
      cursorStyle: look.cursorStyle,
      rightClickSelectsWord: false,
      macOptionIsMeta: true,
      linkHandler: { activate: (_event, uri) => handlers.onLink(uri), allowNonHttpProtocols: false },
    });
    const terminal = this.terminal;
    terminal.loadAddon(this.fit);
    terminal.loadAddon(this.search);
    terminal.loadAddon(this.serialize);
    terminal.loadAddon(new Unicode11Addon());
    terminal.unicode.activeVersion = '11';
    terminal.loadAddon(new WebLinksAddon((_event, uri) => handlers.onLink(uri)));
    terminal.attachCustomKeyEventHandler((event) => !(event.type === 'keydown' && handlers.onKey(event)) && !isAppShortcut(event));
    terminal.onData((data) => handlers.onInput(data));
    // xterm's event carries more than the size; main's schema takes exactly cols and rows.
    terminal.onResize(({ cols, rows }) => handlers.onResize({ cols, rows }));
    terminal.onSelectionChange(() => {
      if (terminal.hasSelection()) handlers.onSelection(terminal.getSelection());
    });
    terminal.open(host);
    this.rendererChoice = look.renderer;
    if (wantsWebgl(look.renderer)) this.loadWebgl();
    this.fitNow();
    this.observer = new ResizeObserver(() => this.scheduleFit());
    this.observer.observe(host);
    // xterm measures the font when it opens: once the bundled font is in, measure again.
    void document.fonts.load(`${look.fontSize}px 'JetBrains Mono'`).then(() => {
      if (this.isDisposed) return;
      terminal.options.fontFamily = fontStack(this.fontFamily);
      this.fitNow();
    });
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.terminal.cols, rows: this.terminal.rows };
  }

  /** Draws output; `onDrawn` runs once xterm has parsed it, which is when main may send more. */
  write(data: string, onDrawn: () => void): void {
    this.terminal.write(data, onDrawn);
  }

  /** Text the app writes itself (not from the server), e.g. a marker between connections. */
  writeLocal(text: string): void {
    this.terminal.write(text);
  }

  setLook(look: TerminalLook): void {
    const options = this.terminal.options;
    if (options.fontSize !== look.fontSize) options.fontSize = look.fontSize;
    if (options.scrollback !== look.scrollback) options.scrollback = look.scrollback;
    if (options.cursorStyle !== look.cursorStyle) options.cursorStyle = look.cursorStyle;
    if (options.cursorBlink !== look.cursorBlink) options.cursorBlink = look.cursorBlink;
    if (this.fontFamily !== look.fontFamily) {
      this.fontFamily = look.fontFamily;
      options.fontFamily = fontStack(look.fontFamily);
    }
    options.theme = TERMINAL_THEMES[look.theme];
    if (look.renderer !== this.rendererChoice) {
      this.rendererChoice = look.renderer;
      if (wantsWebgl(look.renderer) && this.webgl === undefined) this.loadWebgl();
      if (!wantsWebgl(look.renderer) && this.webgl !== undefined) {
        this.webgl.dispose();
        this.webgl = undefined;
        this.renderer = 'dom';
      }
    }
    this.scheduleFit();
  }

  focus(): void {
    this.terminal.focus();
  }

  /** Sends text as a paste (bracketed when the shell asked for it). */
  paste(text: string): void {
    this.terminal.paste(text);
  }

  selection(): string {
    return this.terminal.getSelection();
  }

  find(text: string, direction: 'next' | 'previous'): boolean {
    if (text === '') {
      this.search.clearDecorations();
      return false;
    }
    const options = { decorations: SEARCH_DECORATIONS };
    return direction === 'next' ? this.search.findNext(text, options) : this.search.findPrevious(text, options);
  }

  clearSearch(): void {
    this.search.clearDecorations();
  }

  /** The screen and scrollback as plain text, one line per row. */
  text(): string {
    const buffer = this.terminal.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < buffer.length; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
    return lines.join('\n').trimEnd();
  }

  /** The whole buffer with its colours, as escape sequences (for saving a session's output). */
  serialized(): string {
    return this.serialize.serialize();
  }

  fitNow(): void {
    if (this.isDisposed || this.host.clientWidth === 0 || this.host.clientHeight === 0) return;
    this.fit.fit();
  }

  dispose(): void {
    this.isDisposed = true;
    clearTimeout(this.resizeTimer);
    this.observer.disconnect();
    this.webgl?.dispose();
    this.terminal.dispose();
  }

  private scheduleFit(): void {
    clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => this.fitNow(), RESIZE_DEBOUNCE_MS);
  }

  private loadWebgl(): void {
    try {
      const webgl = new WebglAddon();
      webgl.onContextLoss(() => {
        // The GPU went away (driver reset, too many contexts): the DOM renderer takes over.
        webgl.dispose();
        this.webgl = undefined;
        this.renderer = 'dom';
      });
      this.terminal.loadAddon(webgl);
      this.webgl = webgl;
      this.renderer = 'webgl';
    } catch {
      this.renderer = 'dom';
    }
  }
}

/** Tab, pane and window shortcuts pass through the terminal to the app (see app.tsx). */
function isAppShortcut(event: KeyboardEvent): boolean {
  const hasMod = event.ctrlKey || event.metaKey;
  if (!hasMod) return false;
  if (event.altKey) return !event.shiftKey && event.key.startsWith('Arrow');
  if (event.key === 'Tab') return true;
  return (event.shiftKey && ['T', 'W', 'H', 'D', 'E', 'S'].includes(event.key.toUpperCase())) || event.key === ',';
}
