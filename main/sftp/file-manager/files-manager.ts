import { homedir } from 'node:os';
import type { Disposable } from '../../../shared/base/disposable';
import { Emitter, type Event } from '../../../shared/base/event';
import { AppError } from '../../../shared/errors';
import type { ConnectionProfile, HopSpec } from '../../../shared/model';
import type { FileSide, FilesSessionId } from '../../../shared/model/files';
import { type ConnectTarget, planTarget, type TargetPlan } from '../../ssh/config/connect-target';
import type { ConnectProgress } from '../../ssh/connect/connect-observer';
import type { ConnectionLease } from '../../ssh/connect/ssh-connector';
import type { ConnectionPool } from '../../ssh/connect/connection-pool';
import { type Attempt, type Session, type SessionState, SessionRegistry } from '../../ssh/sessions/session-registry';
import type { ConnectionRecipe } from '../transfer/connection-recipe';
import type { FileSystem } from '../protocol/file-system';
import { LocalFileSystem } from '../protocol/local-file-system';
import { ProtectedPaths, protectLocalFiles } from './protected-paths';
import { chooseConnections } from '../transfer/segment-choice';
import { type SegmentSource, SegmentWorkers } from '../transfer/segment-workers';
import type { FileSides, FilesClosed } from '../transfer/file-sides';
import { SftpSession } from '../protocol/sftp-session';

/** What stays with a file session across its reconnects. */
interface Kept {
  plan: TargetPlan;
  target: ConnectTarget;
}

/** What one connection of a file session holds. */
interface Held {
  lease?: ConnectionLease;
  session?: SftpSession;
  /** The remote home directory: realpath('.') once connected. */
  home?: string;
  /** How a transfer worker reaches the same server (hops, the accepted host keys, typed secrets). */
  recipe?: ConnectionRecipe;
  /** Transfer workers for this session's large files, started on first need. */
  workers?: Promise<SegmentWorkers | undefined>;
}

type Files = Session<FilesSessionId, Kept, Held>;

/** A file session's change of state; the error is why it closed. */
export interface FilesStateChange {
  filesId: FilesSessionId;
  state: SessionState;
  label: string;
  home?: string;
  error?: AppError;
}

export interface FilesManagerOptions {
  /** The app's connections, shared with terminals. */
  connections: ConnectionPool;
  /** How transfer workers reach the same hops (what the pool's connections were shown and told). */
  recipeFor(hops: HopSpec[]): ConnectionRecipe | undefined;
  findProfile: (id: string) => ConnectionProfile | undefined;
  /** HOME for this machine's side (tests isolate it). */
  env?: NodeJS.ProcessEnv;
  /** Folders of this machine that file operations and transfers refuse (Jumpgate's data directory). */
  protectedDirs?: string[];
}

/**
 * The SFTP sessions of the file manager: `open` answers at once with an id, then connects in the
 * background, reporting each hop and step (questions go through the prompt broker). A lost
 * connection closes the session with its error; Reconnect brings it back under the same id.
 */
export class FilesManager implements FileSides, Disposable {
  private readonly registry: SessionRegistry<FilesSessionId, Kept, Held>;
  private readonly local: FileSystem;
  private readonly onDidCloseEmitter = new Emitter<FilesClosed>();
  readonly onDidClose = this.onDidCloseEmitter.event;
  private readonly onDidChangeStateEmitter = new Emitter<FilesStateChange>();
  readonly onDidChangeState: Event<FilesStateChange> = this.onDidChangeStateEmitter.event;
  private readonly onProgressEmitter = new Emitter<{ filesId: FilesSessionId } & ConnectProgress>();
  readonly onProgress: Event<{ filesId: FilesSessionId } & ConnectProgress> = this.onProgressEmitter.event;

  constructor(private readonly options: FilesManagerOptions) {
    this.local = protectLocalFiles(new LocalFileSystem(), new ProtectedPaths(options.protectedDirs ?? []));
    this.registry = new SessionRegistry<FilesSessionId, Kept, Held>({
      idPrefix: 'f',
      hold: () => ({}),
      connect: (files, attempt) => this.connect(files, attempt),
      release: ({ held }) => {
        void held.workers?.then((workers) => workers?.dispose());
        held.workers = undefined;
        held.session?.dispose();
        held.lease?.dispose();
        held.session = undefined;
        held.lease = undefined;
      },
    });
    this.registry.onDidChangeState((files) => this.changed(files));
    this.registry.onDidForget(({ id }) => options.connections.forget(id));
  }

  open(target: ConnectTarget): { filesId: FilesSessionId } {
    const plan = planTarget(target, this.options.findProfile, this.options.env ?? process.env);
    return { filesId: this.registry.open({ plan, target }).id };
  }

  /** Where a session goes and how it is, for a window rebuilding its tabs; undefined once closed for good. */
  describe(filesId: FilesSessionId): { filesId: FilesSessionId; target: ConnectTarget; title: string; state: SessionState; home?: string } | undefined {
    const files = this.registry.get(filesId);
    if (files === undefined) return undefined;
    const { home } = files.attempt.held;
    return { filesId, target: files.kept.target, title: files.kept.plan.label, state: files.attempt.state, ...(home === undefined ? {} : { home }) };
  }

  /** Connects a closed session again under the same id. */
  reconnect(filesId: FilesSessionId): void {
    const files = this.registry.get(filesId);
    if (files === undefined) throw new AppError('SESSION_CLOSED', 'That file session cannot be reconnected: it was closed for good.');
    if (files.attempt.state !== 'closed') throw new AppError('INVALID_STATE', 'That file session cannot be reconnected: it is connected or connecting.');
    this.registry.reconnect(filesId);
    this.options.connections.rejoin(filesId);
  }

  /** The person closed the session: gone for good, even mid-connect. */
  close(filesId: FilesSessionId): void {
    this.registry.close(filesId);
  }

  fileSystem(side: FileSide): FileSystem {
    if (side === 'local') return this.local;
    return this.live(side).attempt.held.session!;
  }

  homeOf(side: FileSide): string {
    if (side === 'local') return (this.options.env ?? process.env).HOME || homedir();
    return this.live(side).attempt.held.home!;
  }

  labelOf(side: FileSide): string {
    return side === 'local' ? 'local' : this.live(side).kept.plan.label;
  }

  /**
   * Large files of a session are copied on worker threads, so the bulk of the work stays off the
   * thread that serves the windows: one worker, or as many connections as a long link calls for
   * (segment-choice.ts). If no worker can connect, copies go over the session itself.
   */
  segmentsFor(side: FileSide): SegmentSource | undefined {
    if (side === 'local') return undefined;
    return () => {
      const attempt = this.registry.get(side)?.attempt;
      const held = attempt?.held;
      if (attempt?.state !== 'connected' || !held?.session || !held.recipe) return Promise.resolve(undefined);
      const { session, recipe } = held;
      held.workers ??= (async () => {
        const { count } = await chooseConnections(session, 'either');
        const workers = await SegmentWorkers.start(session, recipe, count);
        if (attempt.state !== 'connected') workers.dispose();
        return attempt.state === 'connected' ? workers : undefined;
      })().catch(() => undefined);
      return held.workers;
    };
  }

  dispose(): void {
    this.registry.dispose();
    this.onDidCloseEmitter.dispose();
    this.onDidChangeStateEmitter.dispose();
    this.onProgressEmitter.dispose();
  }

  private live(filesId: FilesSessionId): Files {
    const files = this.registry.get(filesId);
    if (!files) throw new AppError('SESSION_CLOSED', 'That file session was closed; open the connection again.');
    if (files.attempt.state !== 'connected') throw new AppError('SESSION_NOT_CONNECTED', 'That file session is not connected; reconnect it.');
    return files;
  }

  /** The registry's word on a session, as this manager reports it; a closed one's transfers hear of it too. */
  private changed({ id: filesId, kept, attempt }: Files): void {
    const { label } = kept.plan;
    if (attempt.state === 'connecting') this.onDidChangeStateEmitter.fire({ filesId, state: 'connecting', label });
    else if (attempt.state === 'connected') this.onDidChangeStateEmitter.fire({ filesId, state: 'connected', label, home: attempt.held.home });
    else {
      const { error } = attempt;
      this.onDidChangeStateEmitter.fire({ filesId, state: 'closed', label, ...(error ? { error } : {}) });
      this.onDidCloseEmitter.fire({ filesId, error });
    }
  }

  private async connect({ id: filesId, kept }: Files, attempt: Attempt<Held>): Promise<void> {
    const hops = await kept.plan.resolveHops();
    const lease = await this.options.connections.connect(hops, {
      signal: attempt.signal,
      observer: { onProgress: (p) => this.onProgressEmitter.fire({ filesId, ...p }) },
    });
    if (attempt.signal.aborted) return lease.dispose();
    const held = attempt.held;
    held.lease = lease;
    const label = lease.connection.label;
    const lost = (): AppError => new AppError('CONNECTION_LOST', `The connection to ${label} was lost. Reconnect to continue.`, { hop: label });
    lease.connection.onDidClose((reason) => {
      if (reason)
        this.options.connections.strand(lease.connection, filesId, () => {
          if (this.registry.get(filesId)?.attempt.state === 'closed') this.reconnect(filesId);
        });
      this.registry.end(attempt, reason ?? lost());
    });
    const session = await SftpSession.open(lease.connection);
    if (attempt.signal.aborted) return session.dispose();
    held.session = session;
    // The server may end the SFTP channel alone (the connection stays up).
    session.sftp.on('close', () => this.registry.end(attempt, lost()));
    held.home = session.home ?? (await session.realpath('.'));
    if (attempt.signal.aborted) return;
    held.recipe = this.options.recipeFor(hops);
  }
}
