import type { Disposable } from '../../shared/base/disposable';
import { AppError } from '../../shared/errors';
import type { HopSpec } from '../../shared/model';
import { SavedHosts } from './saved-hosts';
import { cliTarget } from './saved-target';
import { ConnectionRecorder } from '../sftp/transfer/connection-recipe';
import { SegmentWorkers, type WorkerSlot } from '../sftp/transfer/segment-workers';
import { SftpSession } from '../sftp/protocol/sftp-session';
import { resolveTarget } from '../ssh/config/connect-target';
import { type ConnectionLease, SshConnector } from '../ssh/connect/ssh-connector';
import type { CliIo } from './cli-io';
import { cliObserver } from './ssh-command';
import { createTerminalPrompter } from './terminal-prompter';

/** The connection flags `ssh`, `cp` and `sftp` share. */
export interface ConnectArgs {
  port?: number;
  user?: string;
  identityFiles: string[];
  jump?: string;
  configFile?: string;
  options: Record<string, string>;
  verbosity: number;
  quiet: boolean;
}

/**
 * Opens SFTP sessions for the CLI, one connection per `[user@]host` (jump hosts shared), with
 * the same config resolution, prompts and -v output as `jumpgate ssh`.
 */
export class CliSftpSessions implements Disposable {
  private readonly connector: SshConnector;
  private readonly sessions = new Map<string, Promise<{ session: SftpSession; lease: ConnectionLease; hops: HopSpec[] }>>();
  /** Host keys and typed secrets, so that transfer workers can connect as the main connection did. */
  private readonly recorder = new ConnectionRecorder();
  private readonly workers: SegmentWorkers[] = [];
  private readonly saved: SavedHosts;

  constructor(
    private readonly args: ConnectArgs,
    private readonly io: CliIo,
  ) {
    this.saved = SavedHosts.open(io, { isLookupOnly: true });
    this.connector = new SshConnector({
      ...this.recorder.connectorOptions(createTerminalPrompter(io.env)),
      observer: cliObserver(args, io),
      debug: args.verbosity >= 3 ? (line) => io.stderr.write(`debug3: ${line}\n`) : undefined,
      onProxyCommandStderr: (text) => io.stderr.write(text),
    });
  }

  /** The session for `destination` (`[user@]host`, or a saved host's name), connecting on first use. */
  async open(destination: string): Promise<SftpSession> {
    return (await this.connect(destination)).session;
  }

  /**
   * Connects transfer workers (booted by SegmentWorkers.boot) to `destination`, each on its own
   * connection (same hops, the host keys this run accepted, the same credentials). Rejects when
   * one cannot connect.
   */
  async startWorkers(destination: string, slots: WorkerSlot[]): Promise<SegmentWorkers> {
    const { session, hops } = await this.connect(destination);
    const recipe = this.recorder.recipeFor(hops);
    if (!recipe)
      throw new AppError('HOST_KEY_CHANGED', `${session.where} showed more than one host key in this run; no extra connections were opened.`, {
        hop: session.where,
      });
    const workers = await SegmentWorkers.start(session, recipe, slots);
    this.workers.push(workers);
    return workers;
  }

  private connect(destination: string): Promise<{ session: SftpSession; hops: HopSpec[] }> {
    let entry = this.sessions.get(destination);
    if (!entry) {
      entry = (async () => {
        const { target, profile } = cliTarget(destination, this.args, this.saved);
        const hops = await resolveTarget(target, { env: this.io.env, findProfile: this.saved.findProfile });
        const lease = await this.connector.connect(hops);
        if (profile) this.saved.markUsed(profile.id);
        try {
          return { session: await SftpSession.open(lease.connection), lease, hops };
        } catch (error) {
          lease.dispose();
          throw error;
        }
      })();
      this.sessions.set(destination, entry);
    }
    return entry;
  }

  dispose(): void {
    for (const workers of this.workers) workers.dispose();
    for (const entry of this.sessions.values()) {
      entry.then(
        ({ session, lease }) => {
          session.dispose();
          lease.dispose();
        },
        () => undefined,
      );
    }
    this.connector.dispose();
  }
}
