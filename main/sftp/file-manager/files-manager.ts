import { homedir } from 'node:os';
import type { Disposable } from '../../../shared/base/disposable';
import { Emitter, type Event } from '../../../shared/base/event';
import { AppError, toAppError } from '../../../shared/errors';
import type { ConnectionProfile } from '../../../shared/model';
import type { FileSide, FilesSessionId } from '../../../shared/model/files';
import type { PromptBroker } from '../../prompts/prompt-broker';
import type { EventHub } from '../../rpc/event-hub';
import { type ConnectTarget, planTarget, type TargetPlan } from '../../ssh/config/connect-target';
import { resolveHops } from '../../ssh/config/ssh-config';
import { type ConnectionLease, SshConnector } from '../../ssh/connect/ssh-connector';
import { type ConnectionRecipe, ConnectionRecorder } from '../transfer/connection-recipe';
import type { FileSystem } from '../protocol/file-system';
import { LocalFileSystem } from '../protocol/local-file-system';
import { ProtectedPaths, protectLocalFiles } from './protected-paths';
import { chooseConnections } from '../transfer/segment-choice';
import { type SegmentSource, SegmentWorkers } from '../transfer/segment-workers';
import { SftpSession } from '../protocol/sftp-session';

interface Entry {
  plan: TargetPlan;
  state: 'connecting' | 'connected' | 'closed';
  /** Aborted when the session closes: a connect in flight stops and withdraws its questions, and what it made is dropped. */
  abort: AbortController;
  lease?: ConnectionLease;
  session?: SftpSession;
  /** The remote home directory: realpath('.') once connected. */
  home?: string;
  /** How a transfer worker reaches the same server (hops, the accepted host keys, typed secrets). */
  recipe?: ConnectionRecipe;
  /** Transfer workers for this session's large files, started on first need. */
  workers?: Promise<SegmentWorkers | undefined>;
}

export interface FilesClosed {
  filesId: FilesSessionId;
  /** Why it closed; undefined when the person closed it. */
  error: AppError | undefined;
}

/** What file operations and transfers need of the sessions. */
export interface FileSides {
  /** The files of a side; SESSION_NOT_CONNECTED (or SESSION_CLOSED) when its session is not connected. */
  fileSystem(side: FileSide): FileSystem;
  homeOf(side: FileSide): string;
  labelOf(side: FileSide): string;
  /** Worker threads with connections of their own to this side's server, for large files (undefined for 'local'). */
  segmentsFor(side: FileSide): SegmentSource | undefined;
  /** A session closed (lost, or closed by the person): its transfers cannot go on. */
  readonly onDidClose: Event<FilesClosed>;
}

export interface FilesManagerOptions {
  hub: EventHub;
  broker: PromptBroker;
  findProfile: (id: string) => ConnectionProfile | undefined;
  /** HOME for this machine's side (tests isolate it). */
  env?: NodeJS.ProcessEnv;
  /** Folders of this machine that file operations and transfers refuse (Jumpgate's data directory). */
  protectedDirs?: string[];
}

/** Sessions that closed by themselves are kept for Reconnect; past this many the oldest go. */
const MAX_CLOSED = 100;

/**
 * The SFTP sessions of the file manager: `open` answers at once with an id, then connects in the
 * background, reporting each hop and step (questions go through the prompt broker). A lost
 * connection closes the session with its error; Reconnect brings it back under the same id.
 */
export class FilesManager implements FileSides, Disposable {
  private readonly entries = new Map<FilesSessionId, Entry>();
  private readonly targets = new Map<FilesSessionId, ConnectTarget>();
  private readonly local: FileSystem;
  private counter = 0;
  private readonly onDidCloseEmitter = new Emitter<FilesClosed>();
  readonly onDidClose = this.onDidCloseEmitter.event;

  constructor(private readonly options: FilesManagerOptions) {
    this.local = protectLocalFiles(new LocalFileSystem(), new ProtectedPaths(options.protectedDirs ?? []));
  }

  open(target: ConnectTarget): { filesId: FilesSessionId } {
    const plan = planTarget(target, this.options.findProfile, this.options.env ?? process.env);
    const filesId = `f${++this.counter}` as FilesSessionId;
    this.targets.set(filesId, target);
    this.start(filesId, plan);
    return { filesId };
  }

  /** Where a session goes and how it is, for a window rebuilding its tabs; undefined once closed for good. */
  describe(filesId: FilesSessionId): { filesId: FilesSessionId; target: ConnectTarget; title: string; state: Entry['state']; home?: string } | undefined {
    const entry = this.entries.get(filesId);
    const target = this.targets.get(filesId);
    if (entry === undefined || target === undefined) return undefined;
    return { filesId, target, title: entry.plan.label, state: entry.state, ...(entry.home === undefined ? {} : { home: entry.home }) };
  }

  /** Connects a closed session again under the same id. */
  reconnect(filesId: FilesSessionId): void {
    const entry = this.entries.get(filesId);
    if (entry === undefined) throw new AppError('SESSION_CLOSED', 'That file session cannot be reconnected: it was closed for good.');
    if (entry.state !== 'closed') throw new AppError('INVALID_STATE', 'That file session cannot be reconnected: it is connected or connecting.');
    this.entries.delete(filesId);
    this.start(filesId, entry.plan);
  }

  /** The person closed the session: gone for good, even mid-connect. */
  close(filesId: FilesSessionId): void {
    const entry = this.entries.get(filesId);
    if (!entry) return;
    this.end(filesId, entry, undefined);
    this.entries.delete(filesId);
    this.targets.delete(filesId);
  }

  fileSystem(side: FileSide): FileSystem {
    if (side === 'local') return this.local;
    return this.live(side).session!;
  }

  homeOf(side: FileSide): string {
    if (side === 'local') return (this.options.env ?? process.env).HOME || homedir();
    return this.live(side).home!;
  }

  labelOf(side: FileSide): string {
    return side === 'local' ? 'local' : this.live(side).plan.label;
  }

  /**
   * Large files of a session are copied on worker threads, so the bulk of the work stays off the
   * thread that serves the windows: one worker, or as many connections as a long link calls for
   * (segment-choice.ts). If no worker can connect, copies go over the session itself.
   */
  segmentsFor(side: FileSide): SegmentSource | undefined {
    if (side === 'local') return undefined;
    return () => {
      const entry = this.entries.get(side);
      if (entry?.state !== 'connected' || !entry.session || !entry.recipe) return Promise.resolve(undefined);
      const { session, recipe } = entry;
      entry.workers ??= (async () => {
        const { count } = await chooseConnections(session, 'either');
        const workers = await SegmentWorkers.start(session, recipe, count);
        if (entry.state !== 'connected') workers.dispose();
        return entry.state === 'connected' ? workers : undefined;
      })().catch(() => undefined);
      return entry.workers;
    };
  }

  dispose(): void {
    for (const filesId of [...this.entries.keys()]) this.close(filesId);
    this.onDidCloseEmitter.dispose();
  }

  private live(filesId: FilesSessionId): Entry {
    const entry = this.entries.get(filesId);
    if (!entry) throw new AppError('SESSION_CLOSED', 'That file session was closed; open the connection again.');
    if (entry.state !== 'connected') throw new AppError('SESSION_NOT_CONNECTED', 'That file session is not connected; reconnect it.');
    return entry;
  }

  private start(filesId: FilesSessionId, plan: TargetPlan): void {
    const entry: Entry = { plan, state: 'connecting', abort: new AbortController() };
    this.entries.set(filesId, entry);
    this.options.hub.emit('files.state', { filesId, state: 'connecting', label: plan.label });
    this.connect(filesId, entry).catch((error: unknown) => this.end(filesId, entry, toAppError(error)));
  }

  private async connect(filesId: FilesSessionId, entry: Entry): Promise<void> {
    const hops = await resolveHops(entry.plan.resolveOptions);
    // Noted as the connection is made (host keys as accepted, what the person typed), for transfer workers.
    const recorder = new ConnectionRecorder();
    const outer = this.options.broker;
    const connector = new SshConnector({
      ...recorder.connectorOptions((request, signal) => outer.ask(request, signal)),
      observer: { onProgress: (p) => this.options.hub.emit('files.progress', { filesId, ...p }) },
    });
    const lease = await connector.connect(hops, { signal: entry.abort.signal });
    if (entry.abort.signal.aborted) return lease.dispose();
    entry.lease = lease;
    const label = lease.connection.label;
    const lost = (): AppError => new AppError('CONNECTION_LOST', `The connection to ${label} was lost. Reconnect to continue.`, { hop: label });
    lease.connection.onDidClose((reason) => this.end(filesId, entry, reason ?? lost()));
    const session = await SftpSession.open(lease.connection);
    if (entry.abort.signal.aborted) return session.dispose();
    entry.session = session;
    // The server may end the SFTP channel alone (the connection stays up).
    session.sftp.on('close', () => this.end(filesId, entry, lost()));
    entry.home = session.home ?? (await session.realpath('.'));
    if (entry.abort.signal.aborted) return;
    entry.recipe = recorder.recipeFor(hops);
    entry.state = 'connected';
    this.options.hub.emit('files.state', { filesId, state: 'connected', label: entry.plan.label, home: entry.home });
  }

  private end(filesId: FilesSessionId, entry: Entry, error: AppError | undefined): void {
    if (entry.state === 'closed') return;
    entry.state = 'closed';
    entry.abort.abort();
    void entry.workers?.then((workers) => workers?.dispose());
    entry.workers = undefined;
    entry.session?.dispose();
    entry.lease?.dispose();
    entry.session = undefined;
    entry.lease = undefined;
    if (this.entries.get(filesId) === entry) this.forgetOldest();
    this.options.hub.emit('files.state', { filesId, state: 'closed', label: entry.plan.label, ...(error ? { error: error.toJSON() } : {}) });
    this.onDidCloseEmitter.fire({ filesId, error });
  }

  private forgetOldest(): void {
    const closed = [...this.entries].filter(([, e]) => e.state === 'closed');
    if (closed.length <= MAX_CLOSED) return;
    this.entries.delete(closed[0]![0]);
    this.targets.delete(closed[0]![0]);
  }
}
