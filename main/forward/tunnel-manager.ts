import { type FSWatcher, mkdirSync, watch } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { Disposable } from '../../shared/base/disposable';
import { Emitter, type Event } from '../../shared/base/event';
import { AppError, toAppError } from '../../shared/errors';
import { TunnelProfile, type TunnelStatus } from '../../shared/model/tunnel-profile';
import type { PromptBroker } from '../prompts/prompt-broker';
import { SshConnector } from '../ssh/connect/ssh-connector';
import type { TunnelStore } from '../storage/tunnel-store';
import { StatusThrottle } from '../base/status-throttle';
import { tunnelConnector } from './tunnel-connect';
import type { TargetContext } from '../ssh/config/connect-target';
import { readTunnelState, TunnelStateFile } from './tunnel-state-file';
import { TunnelSupervisor } from './tunnel-supervisor';
import { errnoCode } from '../base/errno';
import { checkLocalPort, type PortCheck } from './port-check';

/** Counters change with every chunk; the renderer hears of them at most this often per tunnel. */
export const STATUS_INTERVAL_MS = 250;
/** A `jumpgate tunnel up` asked to stop closes its listeners at once; past this it is said not to stop. */
const STOP_ELSEWHERE_TIMEOUT_MS = 5_000;
/** Changes to tunnels.json or run/ are looked at this long after the first, so a burst is one look. */
const WATCH_SETTLE_MS = 100;

export interface TunnelManagerOptions {
  store: TunnelStore;
  /** Host-key, password and passphrase questions go to the person through it. */
  broker: PromptBroker;
  /** Where `run/<name>.json` is published, so `jumpgate tunnel list` sees the app's tunnels. */
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** The saved hosts a tunnel (or its jump hops) may name; without it, a tunnel that names one is refused. */
  findProfile?: TargetContext['findProfile'];
  log?: (line: string) => void;
  statusIntervalMs?: number;
  /** How long stopping a tunnel in another process may take before it is reported as not stopping. */
  stopElsewhereTimeoutMs?: number;
}

export interface TunnelEntry {
  profile: TunnelProfile;
  status: TunnelStatus;
  /** The tunnel is up in another process (`jumpgate tunnel up`); status is what that process published. */
  runningElsewhere?: { pid: number };
}

interface Running extends Disposable {
  supervisor: TunnelSupervisor;
}

/** A change the renderer must hear at once; anything else (counters, connection counts) can wait its turn. */
export function isStatusChange(last: TunnelStatus | undefined, next: TunnelStatus): boolean {
  if (!last) return true;
  if (last.state !== next.state || last.attempt !== next.attempt || last.retryInMs !== next.retryInMs || last.error?.message !== next.error?.message)
    return true;
  if (last.forwards.length !== next.forwards.length) return true;
  return next.forwards.some((forward, at) => {
    const before = last.forwards[at]!;
    return (
      before.state !== forward.state ||
      before.boundPort !== forward.boundPort ||
      before.lastError?.message !== forward.lastError?.message ||
      before.isTargetAnswering !== forward.isTargetAnswering
    );
  });
}

/**
 * The app's saved tunnels and the ones it runs: each started tunnel lives under a supervisor in
 * main, independent of any tab, until it is stopped, removed or the app quits. Statuses go out
 * throttled and are published for the CLI; a tunnel that the CLI runs is shown, never started twice.
 */
export class TunnelManager implements Disposable {
  private readonly running = new Map<string, Running>();
  private readonly connector: SshConnector;
  private readonly onDidChangeStatusEmitter = new Emitter<TunnelStatus>();
  /** Each change of a running tunnel's status, throttled. */
  readonly onDidChangeStatus: Event<TunnelStatus> = this.onDidChangeStatusEmitter.event;
  private readonly onDidChangeListEmitter = new Emitter<void>();
  /** tunnels.json or a tunnel's state in another process changed (`jumpgate tunnel add / rm / up`): list again. */
  readonly onDidChangeList: Event<void> = this.onDidChangeListEmitter.event;
  private watchers: FSWatcher[] = [];
  private watchTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: TunnelManagerOptions) {
    this.connector = new SshConnector({ broker: options.broker });
  }

  list(): TunnelEntry[] {
    const profiles = this.options.store.list();
    // Removed by another process (`jumpgate tunnel rm`) while up here: as if removed here.
    for (const name of this.running.keys()) if (!profiles.some((profile) => profile.name === name)) this.stopQuietly(name);
    return profiles.map((profile) => this.entry(profile));
  }

  /**
   * Creates a tunnel, or replaces `previousName` (renaming it when the name differs). A tunnel
   * that is up here is restarted with what was saved; one that had failed is left stopped.
   */
  save(draft: TunnelProfile, previousName?: string): TunnelEntry {
    const profile = validated(draft);
    const store = this.options.store;
    if (previousName === undefined) {
      store.add(profile);
      return this.entry(profile);
    }
    const before = store.get(previousName);
    const isRename = previousName !== profile.name;
    if (isRename && store.list().some((candidate) => candidate.name === profile.name)) {
      throw new AppError('TUNNEL_EXISTS', `A tunnel named "${profile.name}" already exists. Choose another name.`, { details: { name: profile.name } });
    }
    // Saved first: a write that fails leaves the running tunnel as it was.
    store.add(profile, { replace: true });
    if (isRename) store.remove(previousName);
    // Turning auto-start on or off changes nothing about a running tunnel: it goes on as it is.
    if (!isRename && sameButAutoStart(before, profile)) return this.entry(profile);
    const wasUp = this.isLive(previousName);
    this.stopQuietly(previousName);
    if (wasUp) this.start(profile.name);
    return this.entry(profile);
  }

  /** Removes a saved tunnel and stops it wherever it runs (here, or a `jumpgate tunnel up`), freeing its ports. */
  async remove(name: string): Promise<void> {
    this.options.store.get(name);
    const elsewhere = this.running.has(name) ? undefined : this.elsewhere(name);
    if (elsewhere) await this.stopElsewhere(name, elsewhere.pid);
    this.stopQuietly(name);
    this.options.store.remove(name);
  }

  /** Brings a saved tunnel up (answers at once; progress comes as statuses). A failed one is tried afresh. */
  start(name: string): TunnelStatus {
    const profile = this.options.store.get(name);
    const current = this.running.get(name);
    if (current && current.supervisor.status.state !== 'failed') return current.supervisor.status;
    this.stopQuietly(name);
    const elsewhere = this.elsewhere(name);
    if (elsewhere) {
      throw new AppError('OWNED_ELSEWHERE', `Tunnel ${name} is already up in process ${elsewhere.pid} ("jumpgate tunnel up"). Stop it there first.`, {
        details: { name, pid: elsewhere.pid },
      });
    }
    const supervisor = new TunnelSupervisor({
      name,
      forwards: profile.forwards,
      exitOnForwardFailure: profile.exitOnForwardFailure,
      reconnect: profile.reconnect,
      probeIntervalMs: probeInterval(profile),
      connect: tunnelConnector(profile, this.connector, { env: this.options.env ?? process.env, findProfile: this.options.findProfile ?? (() => undefined) }),
    });
    const stateFile = new TunnelStateFile(this.options.dataDir, name);
    const throttle = new StatusThrottle<TunnelStatus>({
      intervalMs: this.options.statusIntervalMs ?? STATUS_INTERVAL_MS,
      isUrgent: isStatusChange,
      emit: (status) => {
        this.publish(stateFile, status);
        this.onDidChangeStatusEmitter.fire(status);
      },
    });
    const subscription = supervisor.onDidChange((status) => throttle.push(status));
    this.running.set(name, {
      supervisor,
      dispose: () => {
        // The supervisor's last word ('stopped') is urgent, so it goes out before the throttle closes.
        supervisor.dispose();
        subscription.dispose();
        throttle.dispose();
        stateFile.remove();
      },
    });
    supervisor.start();
    return supervisor.status;
  }

  /**
   * Stops a tunnel. One run by `jumpgate tunnel up` in another process is asked to stop (SIGTERM,
   * which closes its listeners and connections and removes its state), and this waits until it has.
   */
  async stop(name: string): Promise<TunnelStatus> {
    // A tunnel up here can be stopped even when its profile was removed meanwhile.
    if (!this.running.has(name)) this.options.store.get(name);
    const elsewhere = this.running.has(name) ? undefined : this.elsewhere(name);
    if (elsewhere) await this.stopElsewhere(name, elsewhere.pid);
    this.stopQuietly(name);
    return stoppedStatus(name);
  }

  /** Whether a local forward could listen on `bindAddress:port`; a port a saved tunnel holds names that tunnel. */
  async checkPort(bindAddress: string | undefined, port: number): Promise<PortCheck & { tunnel?: string }> {
    const check = await checkLocalPort(bindAddress, port);
    if (check.isFree) return check;
    const holder = this.list().find((entry) =>
      entry.status.forwards.some((forward) => forward.spec.kind !== 'remote' && forward.state === 'listening' && forward.boundPort === port),
    );
    if (!holder) return check;
    const where = holder.runningElsewhere ? ` (run by jumpgate tunnel up, pid ${holder.runningElsewhere.pid})` : '';
    // The process holding it is this app (or a jumpgate tunnel up): the tunnel says more.
    const { holder: _process, ...rest } = check;
    return { ...rest, tunnel: holder.profile.name, message: `Port ${port} is in use by tunnel ${holder.profile.name}${where}.` };
  }

  /**
   * Notices changes made by other processes: a tunnel removed from tunnels.json (`jumpgate tunnel
   * rm`) is stopped here too, and each change (or a tunnel's state published elsewhere) fires
   * onDidChangeList. Without it such changes are noticed at the next list().
   */
  watch(): void {
    if (this.watchers.length > 0) return;
    const storeFile = basename(this.options.store.path);
    const changed = () => {
      if (this.watchTimer) return;
      // Writes come as a burst (temp file, rename); one look after them is enough.
      this.watchTimer = setTimeout(() => {
        this.watchTimer = undefined;
        this.list();
        this.onDidChangeListEmitter.fire();
      }, WATCH_SETTLE_MS);
    };
    const runDir = join(this.options.dataDir, 'run');
    try {
      mkdirSync(runDir, { recursive: true, mode: 0o700 });
      this.watchers.push(watch(this.options.dataDir, (_event, file) => file === storeFile && changed()));
      // The app's own tunnels publish there too; their statuses already go out as events.
      this.watchers.push(watch(runDir, (_event, file) => file?.endsWith('.json') && !this.running.has(file.slice(0, -'.json'.length)) && changed()));
    } catch (error) {
      this.options.log?.(`changes to the saved tunnels made elsewhere are noticed only when listed: ${errnoCode(error) ?? 'error'}`);
    }
    for (const watcher of this.watchers) watcher.on('error', () => {});
  }

  private async stopElsewhere(name: string, pid: number): Promise<void> {
    try {
      process.kill(pid, 'SIGTERM');
    } catch (error) {
      if (errnoCode(error) !== 'ESRCH')
        throw new AppError('OWNED_ELSEWHERE', `Tunnel ${name} runs in process ${pid}, which Jumpgate may not stop (${errnoCode(error) ?? 'error'}).`, {
          details: { name, pid },
        });
    }
    const deadline = Date.now() + (this.options.stopElsewhereTimeoutMs ?? STOP_ELSEWHERE_TIMEOUT_MS);
    while (readTunnelState(this.options.dataDir, name)?.pid === pid) {
      if (Date.now() > deadline)
        throw new AppError('OWNED_ELSEWHERE', `Tunnel ${name} was asked to stop, but process ${pid} is still running it. Stop that process yourself.`, {
          details: { name, pid },
        });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** After a wake or a network change: every tunnel running here retries or checks its connection now. */
  heal(): void {
    for (const { supervisor } of this.running.values()) void supervisor.heal();
  }

  /** Starts the tunnels saved with auto-start; one that cannot start is logged and the others go on. */
  startAutoStart(): void {
    for (const profile of this.options.store.list().filter((candidate) => candidate.autoStart)) {
      try {
        if (!this.elsewhere(profile.name)) this.start(profile.name);
      } catch (error) {
        this.options.log?.(`tunnel ${profile.name} did not auto-start: ${toAppError(error).code}`);
      }
    }
  }

  dispose(): void {
    clearTimeout(this.watchTimer);
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
    for (const name of [...this.running.keys()]) this.stopQuietly(name);
    this.connector.dispose();
    this.onDidChangeStatusEmitter.dispose();
    this.onDidChangeListEmitter.dispose();
  }

  private entry(profile: TunnelProfile): TunnelEntry {
    const mine = this.running.get(profile.name)?.supervisor.status;
    if (mine && mine.state !== 'failed') return { profile, status: mine };
    // A tunnel that failed here holds nothing, so `tunnel up` may have taken it over since.
    const elsewhere = this.elsewhere(profile.name);
    if (elsewhere) return { profile, status: elsewhere.status, runningElsewhere: { pid: elsewhere.pid } };
    return { profile, status: mine ?? stoppedStatus(profile.name) };
  }

  private elsewhere(name: string): { pid: number; status: TunnelStatus } | undefined {
    const state = readTunnelState(this.options.dataDir, name);
    return state && state.pid !== process.pid ? state : undefined;
  }

  private isLive(name: string): boolean {
    const state = this.running.get(name)?.supervisor.status.state;
    return state !== undefined && state !== 'failed';
  }

  private stopQuietly(name: string): void {
    const running = this.running.get(name);
    if (!running) return;
    this.running.delete(name);
    running.dispose();
  }

  private publish(stateFile: TunnelStateFile, status: TunnelStatus): void {
    try {
      // A failed tunnel holds no port: `tunnel up` may run it meanwhile (`tunnel list` says stopped).
      if (status.state === 'stopped' || status.state === 'failed') stateFile.remove();
      else stateFile.write(status);
    } catch (error) {
      // Only `jumpgate tunnel list` in another process misses it; the tunnel itself is fine.
      this.options.log?.(`could not publish the state of tunnel ${status.name}: ${errnoCode(error) ?? 'error'}`);
    }
  }
}

/** The profile as it is saved: checked again (main may be called without the router), option keys in lower case. */
function validated(draft: TunnelProfile): TunnelProfile {
  const { connection } = draft;
  const parsed = TunnelProfile.safeParse({
    ...draft,
    // ssh_config keywords are case-insensitive; the resolver expects them in lower case.
    connection:
      'spec' in connection
        ? {
            spec: {
              ...connection.spec,
              options: Object.fromEntries(Object.entries(connection.spec.options).map(([key, value]) => [key.toLowerCase(), value])),
            },
          }
        : connection,
  });
  if (!parsed.success)
    throw new AppError('INVALID_ARGUMENT', `The tunnel is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
  if (!('spec' in parsed.data.connection)) return parsed.data;
  const { identityFiles, configFile } = parsed.data.connection.spec;
  // main's working directory means nothing to the person who typed the path.
  const relative = [...identityFiles, ...(configFile && configFile !== 'none' ? [configFile] : [])].find((file) => !isAbsolute(file) && !file.startsWith('~'));
  if (relative !== undefined)
    throw new AppError('INVALID_ARGUMENT', `The path "${relative}" is relative: give the whole path (or one starting with ~).`, {
      details: { path: relative },
    });
  return parsed.data;
}

function sameButAutoStart(a: TunnelProfile, b: TunnelProfile): boolean {
  return JSON.stringify({ ...a, autoStart: false }) === JSON.stringify({ ...b, autoStart: false });
}

/** The profile's target probing, in milliseconds; undefined when off. */
export function probeInterval(profile: TunnelProfile): number | undefined {
  return profile.probeTargetsEverySeconds === undefined ? undefined : profile.probeTargetsEverySeconds * 1000;
}

function stoppedStatus(name: string): TunnelStatus {
  return { name, state: 'stopped', attempt: 0, forwards: [] };
}
