import type { Disposable } from '../../shared/base/disposable';
import { PromptBroker } from '../prompts/prompt-broker';
import { SftpSession } from '../sftp/sftp-session';
import { resolveHops } from '../ssh/ssh-config';
import { type ConnectionLease, SshConnector } from '../ssh/ssh-connector';
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
  private readonly sessions = new Map<string, Promise<{ session: SftpSession; lease: ConnectionLease }>>();

  constructor(
    private readonly args: ConnectArgs,
    private readonly io: CliIo,
  ) {
    this.connector = new SshConnector({
      broker: new PromptBroker(createTerminalPrompter(io.env)),
      observer: cliObserver(args, io),
      debug: args.verbosity >= 3 ? (line) => io.stderr.write(`debug3: ${line}\n`) : undefined,
      onProxyCommandStderr: (text) => io.stderr.write(text),
    });
  }

  /** The session for `destination` (`[user@]host`), connecting on first use. */
  open(destination: string): Promise<SftpSession> {
    return this.openNth(destination, 0);
  }

  /** `count` more sessions to `destination`, each on a connection of its own (jump hosts shared). */
  openPeers(destination: string, count: number): Promise<SftpSession[]> {
    return Promise.all(Array.from({ length: count }, (_, i) => this.openNth(destination, i + 1)));
  }

  private openNth(destination: string, index: number): Promise<SftpSession> {
    const key = `${index}#${destination}`;
    let entry = this.sessions.get(key);
    if (!entry) {
      entry = (async () => {
        const hops = await resolveHops({
          destination,
          port: this.args.port,
          user: this.args.user,
          jump: this.args.jump,
          identityFiles: this.args.identityFiles,
          options: this.args.options,
          configFile: this.args.configFile,
          env: this.io.env,
        });
        const lease = await this.connector.connect(hops);
        try {
          return { session: await SftpSession.open(lease.connection), lease };
        } catch (error) {
          lease.dispose();
          throw error;
        }
      })();
      this.sessions.set(key, entry);
    }
    return entry.then((e) => e.session);
  }

  dispose(): void {
    for (const entry of this.sessions.values()) {
      entry.then(({ session, lease }) => {
        session.dispose();
        lease.dispose();
      }, () => undefined);
    }
    this.connector.dispose();
  }
}
