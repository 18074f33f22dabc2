import type { Disposable } from '../../shared/base/disposable';
import { AppError, toAppError } from '../../shared/errors';
import type { SessionId } from '../../shared/ipc';
import type { ConnectionProfile } from '../../shared/model';
import type { PromptBroker } from '../prompts/prompt-broker';
import type { EventHub } from '../rpc/event-hub';
import { type ResolveOptions, resolveHops } from '../ssh/ssh-config';
import { type ConnectionLease, SshConnector } from '../ssh/ssh-connector';
import { join } from 'node:path';
import { AsciicastRecorder } from './asciicast-recorder';
import { InputMasker } from './input-masker';
import { TerminalSession, type TerminalSize } from './terminal-session';

type Target = { profileId: string } | { destination: string };

interface Entry {
  lease?: ConnectionLease;
  session?: TerminalSession;
  isClosed: boolean;
  label: string;
  size: TerminalSize;
  recorder?: AsciicastRecorder;
  masker: InputMasker;
  resolveOptions: ResolveOptions;
}

export interface TerminalManagerOptions {
  hub: EventHub;
  broker: PromptBroker;
  findProfile: (id: string) => ConnectionProfile | undefined;
  env?: NodeJS.ProcessEnv;
  /** Where recordings go (asciicast v2 files). */
  recordingsDir: string;
}

/**
 * The terminals of the app: `open` answers at once with a session id, then connects in the
 * background and reports every hop and step, host-key and auth questions going through the
 * prompt broker. Output goes out as batched `terminal.data` events, acknowledged by the renderer.
 */
export class TerminalManager implements Disposable {
  private readonly sessions = new Map<SessionId, Entry>();
  /** Sessions the remote side or the network ended, kept so Reconnect can bring them back. */
  private readonly ended = new Map<SessionId, Entry>();
  private counter = 0;

  constructor(private readonly options: TerminalManagerOptions) {}

  open(target: Target, size: TerminalSize): { sessionId: SessionId } {
    const resolveOptions = this.resolveOptions(target);
    const sessionId = `t${++this.counter}` as SessionId;
    const label = 'destination' in target ? target.destination : (this.options.findProfile(target.profileId)?.name ?? 'session');
    this.start(sessionId, { isClosed: false, label, size, masker: new InputMasker(), resolveOptions });
    return { sessionId };
  }

  /** Connects an ended session again under the same id, so the renderer keeps its scrollback. */
  reconnect(sessionId: SessionId): void {
    const ended = this.ended.get(sessionId);
    if (!ended) throw new AppError('INVALID_ARGUMENT', 'That terminal cannot be reconnected: it is open, or was closed for good.');
    this.ended.delete(sessionId);
    this.start(sessionId, { isClosed: false, label: ended.label, size: ended.size, masker: new InputMasker(), resolveOptions: ended.resolveOptions });
  }

  private start(sessionId: SessionId, entry: Entry): void {
    this.sessions.set(sessionId, entry);
    this.options.hub.emit('terminal.state', { sessionId, state: 'connecting' });
    this.connect(sessionId, entry, entry.resolveOptions, entry.size).catch((error: unknown) => this.end(sessionId, toAppError(error)));
  }

  write(sessionId: SessionId, data: string): void {
    const entry = this.sessions.get(sessionId);
    this.live(sessionId).write(data);
    entry?.recorder?.input(entry.masker.mask(data));
  }

  resize(sessionId: SessionId, size: TerminalSize): void {
    const entry = this.sessions.get(sessionId);
    this.live(sessionId).resize(size);
    if (entry) entry.size = size;
    entry?.recorder?.resize(size.cols, size.rows);
  }

  /** Starts or stops recording a session to an asciicast v2 file; answers the file while recording. */
  record(sessionId: SessionId, isOn: boolean): { file?: string } {
    const entry = this.sessions.get(sessionId);
    if (!entry || entry.isClosed) throw new AppError('INVALID_ARGUMENT', 'That terminal is closed.');
    if (!isOn) {
      entry.recorder?.dispose();
      entry.recorder = undefined;
      this.options.hub.emit('terminal.recording', { sessionId, file: null });
      return {};
    }
    if (!entry.recorder) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
      const name = entry.label.replace(/[^A-Za-z0-9@._-]+/g, '_').slice(0, 60);
      entry.recorder = new AsciicastRecorder(join(this.options.recordingsDir, `${stamp}_${name}_${sessionId}.cast`), { ...entry.size, term: 'xterm-256color', title: entry.label });
      this.options.hub.emit('terminal.recording', { sessionId, file: entry.recorder.file });
    }
    return { file: entry.recorder.file };
  }

  ack(sessionId: SessionId, chars: number): void {
    this.sessions.get(sessionId)?.session?.ack(chars);
  }

  /** The user closed the terminal: it is gone for good. */
  close(sessionId: SessionId): void {
    this.ended.delete(sessionId);
    this.end(sessionId);
    this.ended.delete(sessionId);
  }

  private end(sessionId: SessionId, error?: AppError, exit?: { code?: number; signal?: string }): void {
    const entry = this.sessions.get(sessionId);
    if (!entry || entry.isClosed) return;
    this.ended.set(sessionId, entry);
    if (this.ended.size > 100) this.ended.delete(this.ended.keys().next().value!);
    entry.isClosed = true;
    this.sessions.delete(sessionId);
    entry.session?.dispose();
    entry.lease?.dispose();
    entry.recorder?.dispose();
    this.options.hub.emit('terminal.state', { sessionId, state: 'closed', ...(error ? { error: error.toJSON() } : {}), ...(exit ? { exit } : {}) });
  }

  dispose(): void {
    for (const sessionId of [...this.sessions.keys()]) this.close(sessionId);
    this.ended.clear();
  }

  private resolveOptions(target: Target): ResolveOptions {
    const env = this.options.env ?? process.env;
    if ('destination' in target) return { destination: target.destination, env };
    const profile = this.options.findProfile(target.profileId);
    if (!profile) throw new AppError('INVALID_ARGUMENT', 'That saved connection no longer exists.');
    return {
      destination: profile.destination,
      port: profile.port,
      user: profile.user,
      jump: profile.jump,
      identityFiles: profile.identityFiles,
      forwardAgent: profile.forwardAgent || undefined,
      options: {
        ...profile.options,
        ...(profile.strictHostKeyChecking ? { stricthostkeychecking: profile.strictHostKeyChecking } : {}),
      },
      env,
    };
  }

  private async connect(sessionId: SessionId, entry: Entry, resolveOptions: ResolveOptions, size: TerminalSize): Promise<void> {
    const hops = await resolveHops(resolveOptions);
    const connector = new SshConnector({
      broker: this.options.broker,
      observer: {
        onProgress: (p) => this.options.hub.emit('terminal.progress', { sessionId, ...p }),
        onNotice: (n) => this.options.hub.emit('terminal.notice', { sessionId, ...n }),
      },
    });
    const lease = await connector.connect(hops);
    if (entry.isClosed) {
      lease.dispose();
      return;
    }
    entry.lease = lease;
    const session = await TerminalSession.open(lease.connection, size);
    if (entry.isClosed) {
      session.dispose();
      lease.dispose();
      return;
    }
    entry.session = session;
    session.onData((data) => {
      entry.masker.sawOutput(data);
      entry.recorder?.output(data);
      this.options.hub.emit('terminal.data', { sessionId, data });
    });
    session.onExit((exit) => this.end(sessionId, exit.error, exit.error ? undefined : { code: exit.code, signal: exit.signal }));
    this.options.hub.emit('terminal.state', { sessionId, state: 'connected' });
  }

  private live(sessionId: SessionId): TerminalSession {
    const session = this.sessions.get(sessionId)?.session;
    if (!session) throw new AppError('INVALID_ARGUMENT', 'That terminal is not connected.');
    return session;
  }
}
