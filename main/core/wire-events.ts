import { type Disposable, DisposableStore } from '../../shared/base/disposable';
import type { Event } from '../../shared/base/event';
import type { AppError } from '../../shared/errors';
import type { EventName, EventPayload, Events } from '../../shared/ipc';
import type { TunnelManager } from '../forward/tunnel-manager';
import type { PaneForwards } from '../forward/pane-forwards';
import type { HostImportService } from '../import/host-import-service';
import type { ConnectionPool } from '../ssh/connect/connection-pool';
import type { RendererPromptRelay } from '../prompts/renderer-prompt-relay';
import type { FilesManager } from '../sftp/file-manager/files-manager';
import type { TransferService } from '../sftp/transfer/transfer-service';
import type { TerminalManager } from '../terminal/terminal-manager';
import type { Vault } from '../storage/vault';

/** Where contract events go (the rpc layer's event hub). */
export type WireSink = <N extends EventName>(name: N, payload: EventPayload<Events[N]>) => void;

/** The services whose events reach the windows. */
export interface WireSources {
  relay: Pick<RendererPromptRelay, 'onDidAsk' | 'onDidClose'>;
  terminals: Pick<TerminalManager, 'onData' | 'onDidChangeState' | 'onProgress' | 'onNotice' | 'onDidChangeRecording'>;
  paneForwards: Pick<PaneForwards, 'onDidChange'>;
  tunnels: Pick<TunnelManager, 'onDidChangeStatus' | 'onDidChangeList'>;
  files: Pick<FilesManager, 'onDidChangeState' | 'onProgress'>;
  transfers: Pick<TransferService, 'onDidChangeStatus'>;
  hostImport: Pick<HostImportService, 'onDidChangeConfig'>;
  vault: Pick<Vault, 'onDidChange' | 'status'>;
  connections: Pick<ConnectionPool, 'onDidChangeLive'>;
}

/** One service event, as the contract event it goes out as. */
type Route<N extends EventName> = (send: (payload: EventPayload<Events[N]>) => void) => Disposable;

function from<T, P>(event: Event<T>, toPayload: (value: T) => P): (send: (payload: P) => void) => Disposable {
  return (send) => event((value) => send(toPayload(value)));
}

const same = <T>(value: T): T => value;

/** An error as it crosses the wire: its data, never the object. */
function withErrorData<T extends { error?: AppError }>({ error, ...rest }: T) {
  return { ...rest, ...(error ? { error: error.toJSON() } : {}) };
}

/**
 * The one table of the wire's events: each service event and the contract event it becomes. No
 * service knows an event name of the contract; whatever is not routed here never reaches a window.
 * ('app.notice' has no service behind it yet.)
 */
export function wireEventTable(s: WireSources): { [N in EventName]?: Route<N> } {
  return {
    'prompts.request': from(s.relay.onDidAsk, same),
    'prompts.closed': from(s.relay.onDidClose, same),
    'terminal.data': from(s.terminals.onData, same),
    'terminal.state': from(s.terminals.onDidChangeState, withErrorData),
    'terminal.progress': from(s.terminals.onProgress, same),
    'terminal.recording': from(s.terminals.onDidChangeRecording, same),
    'terminal.notice': from(s.terminals.onNotice, same),
    'terminal.forwards': from(s.paneForwards.onDidChange, (state) => state as EventPayload<Events['terminal.forwards']>),
    'hosts.configChanged': from(s.hostImport.onDidChangeConfig, () => ({})),
    'vault.changed': from(s.vault.onDidChange, () => s.vault.status()),
    'connections.changed': from(s.connections.onDidChangeLive, (live) => ({ live })),
    'tunnels.status': from(s.tunnels.onDidChangeStatus, same),
    'tunnels.changed': from(s.tunnels.onDidChangeList, () => ({})),
    'files.state': from(s.files.onDidChangeState, withErrorData),
    'files.progress': from(s.files.onProgress, same),
    'transfers.status': from(s.transfers.onDidChangeStatus, same),
  };
}

/** Sends every routed service event to the sink, until disposed. */
export function connectWireEvents(sources: WireSources, sink: WireSink): Disposable {
  const subscriptions = new DisposableStore();
  const table = wireEventTable(sources);
  for (const name of Object.keys(table) as EventName[]) {
    const route = table[name] as Route<typeof name>;
    subscriptions.add(route((payload) => sink(name, payload)));
  }
  return subscriptions;
}
