import type { TunnelState } from '../../shared/model/tunnel-profile';
import type { TunnelEntry } from '../forward/tunnel-manager';

/** What a tray menu item does when chosen. */
export type TrayAction = { kind: 'start'; name: string } | { kind: 'stop'; name: string } | { kind: 'open-window' } | { kind: 'quit' };

/** One item of the tray menu, without Electron: the edge turns it into a MenuItem. */
export interface TrayItem {
  label?: string;
  isSeparator?: boolean;
  isEnabled?: boolean;
  action?: TrayAction;
  submenu?: TrayItem[];
}

const STATE_WORDS: Record<TunnelState, string> = { connecting: 'connecting', up: 'up', retrying: 'retrying', failed: 'failed', stopped: 'stopped' };

/** How a tunnel's state reads in the menu: "db — up", "db — retrying in 8 s", "db — up in process 4242". */
export function tunnelLine(entry: TunnelEntry): string {
  const { status } = entry;
  let words = STATE_WORDS[status.state];
  if (status.state === 'retrying' && status.retryInMs !== undefined) words += ` in ${Math.max(1, Math.round(status.retryInMs / 1000))} s`;
  if (entry.runningElsewhere) words += ` in process ${entry.runningElsewhere.pid}`;
  return `${entry.profile.name} — ${words}`;
}

/**
 * The tray menu for the tunnels as they are now: one entry per saved tunnel with its state and
 * Start or Stop (a tunnel another process runs is only shown), then Open Jumpgate and Quit.
 */
export function trayMenu(entries: TunnelEntry[]): TrayItem[] {
  const tunnels: TrayItem[] =
    entries.length === 0
      ? [{ label: 'No saved tunnels', isEnabled: false }]
      : entries.map((entry) => {
          const { name } = entry.profile;
          const isRunningHere = !entry.runningElsewhere && entry.status.state !== 'stopped' && entry.status.state !== 'failed';
          const submenu: TrayItem[] = entry.runningElsewhere
            ? [{ label: `Run by jumpgate tunnel up (process ${entry.runningElsewhere.pid})`, isEnabled: false }]
            : isRunningHere
              ? [{ label: 'Stop', action: { kind: 'stop', name } }]
              : [{ label: 'Start', action: { kind: 'start', name } }];
          if (entry.status.error && entry.status.state !== 'up') submenu.unshift({ label: shortened(entry.status.error.message), isEnabled: false });
          return { label: tunnelLine(entry), submenu };
        });
  return [...tunnels, { isSeparator: true }, { label: 'Open Jumpgate', action: { kind: 'open-window' } }, { label: 'Quit Jumpgate', action: { kind: 'quit' } }];
}

/** Menus do not wrap: a long reason is cut at a word. */
function shortened(text: string, max = 100): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

export interface TrayActionTarget {
  tunnels: { start(name: string): unknown; stop(name: string): unknown };
  openWindow(): void;
  quit(): void;
  log(line: string): void;
}

/** Does what a tray item says; a tunnel that cannot start or stop is logged, and its state shows why in the menu. */
export function runTrayAction(action: TrayAction, target: TrayActionTarget): void {
  try {
    if (action.kind === 'start') target.tunnels.start(action.name);
    else if (action.kind === 'stop') target.tunnels.stop(action.name);
    else if (action.kind === 'open-window') target.openWindow();
    else target.quit();
  } catch (error) {
    target.log(`tray: ${action.kind} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
