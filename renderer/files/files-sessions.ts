import type { Disposable } from '../../shared/base/disposable';
import type { AppErrorData } from '../../shared/errors/app-error';
import type { FilesSessionId } from '../../shared/model';
import type { Client } from '../api/client';
import type { ConnectProgress } from '../terminal/terminal-sessions';

/** What a files tab shows about its connection. */
export interface FilesStatus {
  state: 'connecting' | 'connected' | 'closed';
  label: string | undefined;
  /** The remote home directory, once connected. */
  home: string | undefined;
  /** Each hop's steps in the order they happened, for this attempt. */
  progress: readonly ConnectProgress[];
  error?: AppErrorData;
  /** 1 for the first connection, +1 for each Reconnect. */
  attempt: number;
}

/**
 * Every file-manager connection of this window, fed by `files.state` and `files.progress`. As
 * with terminals, events can come before `files.open` answers, so status is kept per id.
 */
export class FilesSessions implements Disposable {
  private readonly statuses = new Map<FilesSessionId, FilesStatus>();
  /** Closed tabs' sessions: main's last 'closed' for them must not bring them back. */
  private readonly forgotten = new Set<FilesSessionId>();
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribes: Array<() => void>;
  /** Bumped on every change, so a view can re-render on any of them. */
  version = 0;

  constructor(client: Pick<Client, 'on'>) {
    this.unsubscribes = [
      client.on('files.state', ({ filesId, state, label, home, error }) => {
        const isNewAttempt = state === 'connecting' && this.statuses.get(filesId)?.state === 'closed';
        this.update(filesId, (status) => ({
          ...status,
          state,
          label,
          home: home ?? status.home,
          error,
          ...(isNewAttempt ? { progress: [], attempt: status.attempt + 1 } : {}),
        }));
      }),
      client.on('files.progress', ({ filesId, hop, step, elapsedMs }) => {
        this.update(filesId, (status) => ({ ...status, progress: [...status.progress, { hop, step, elapsedMs }] }));
      }),
    ];
  }

  get(filesId: FilesSessionId | undefined): FilesStatus | undefined {
    return filesId === undefined ? undefined : this.statuses.get(filesId);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** A session this window had before it reloaded: how it is now, as main says. */
  restore(filesId: FilesSessionId, state: FilesStatus['state'], label: string, home: string | undefined): void {
    this.update(filesId, (status) => ({ ...status, state, label, home: home ?? status.home }));
  }

  forget(filesId: FilesSessionId): void {
    this.statuses.delete(filesId);
    this.forgotten.add(filesId);
    this.emit();
  }

  dispose(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.listeners.clear();
  }

  private update(filesId: FilesSessionId, change: (status: FilesStatus) => FilesStatus): void {
    if (this.forgotten.has(filesId)) return;
    const current = this.statuses.get(filesId) ?? { state: 'connecting', label: undefined, home: undefined, progress: [], attempt: 1 };
    this.statuses.set(filesId, change(current));
    this.emit();
  }

  private emit(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
