import { join } from 'node:path';
import type { Disposable } from '../../shared/base/disposable';
import { PromptBroker } from '../prompts/prompt-broker';
import { RendererPromptRelay } from '../prompts/renderer-prompt-relay';
import { WindowRegistry } from './window-registry';
import { TerminalManager } from '../terminal/terminal-manager';
import { FilesManager } from '../sftp/file-manager/files-manager';
import { FileBrowser } from '../sftp/file-manager/file-browser';
import { TransferService } from '../sftp/transfer/transfer-service';
import { TunnelManager } from '../forward/tunnel-manager';
import { PaneForwards } from '../forward/pane-forwards';
import { followTerminals } from './terminal-forwards';
import { HostImportService } from '../import/host-import-service';
import { KeyService } from '../keys/key-service';
import { ConnectionPool } from '../ssh/connect/connection-pool';
import { ConnectionRecorder } from '../sftp/transfer/connection-recipe';
import { prepareDataDir } from '../storage/data-dir';
import { TunnelStore } from '../storage/tunnel-store';
import { ProfileStore } from '../storage/profile-store';
import { trackLastUsed, trackQuickConnects } from './last-used';
import { HistoryStore } from '../storage/history-store';
import { SettingsStore } from '../storage/settings-store';
import type { StoreBackendFactory } from '../storage/store-backend';
import { type OsEncryption, Vault } from '../storage/vault';
import { VaultPrompts } from '../prompts/vault-prompts';
import { TrustGate } from './trust-gate';
import { connectWireEvents, type WireSink } from './wire-events';
import { WakeSignal } from '../base/wake-signal';
import { refusingConfirmer, type TrustedConfirmer } from '../prompts/trusted-confirmer';
import { KnownHostsService } from './known-hosts-service';
import { AgentService } from './agent-service';

export const APP_VERSION = '0.1.0';

export interface AppCoreOptions {
  dataDir: string;
  transport: 'electron' | 'web';
  /** electron-store in the app, conf in the bridge and the CLI: same files, same schemas. */
  backend: StoreBackendFactory;
  /** Electron's safeStorage, in the app only. */
  osEncryption?: OsEncryption;
  versions: { node: string; electron?: string; chrome?: string };
  log?: (line: string) => void;
  /** Where HOME, SSH_AUTH_SOCK and friends come from; process.env unless a test isolates it. */
  env?: NodeJS.ProcessEnv;
  /** How long a window may be away before its sessions close (tests shorten it). */
  windowGraceMs?: number;
  /** Bring up the tunnels saved with auto-start (default true; tests turn it off). */
  autoStartTunnels?: boolean;
  /**
   * Asks the person about changes that run code or move trust (a native dialog in the app).
   * Without one (the browser bridge) such changes are refused with CONFIRMATION_REQUIRED.
   */
  confirmer?: TrustedConfirmer;
  /** How often a connected terminal's server is read for new listening ports (tests shorten it). */
  serverPortPollMs?: number;
  /**
   * "The network may have changed": fed by the transport's edge (power and network events in the
   * app, a timer-gap detector in the browser bridge). Without one the core makes its own, which
   * only `AppCore.wake.fire` feeds.
   */
  wake?: WakeSignal;
}

/** The services behind the contract, for the rpc layer's handlers. */
export interface AppServices {
  profiles: ProfileStore;
  settings: SettingsStore;
  vault: Vault;
  relay: RendererPromptRelay;
  trust: TrustGate;
  terminals: TerminalManager;
  /** Forwards opened from terminal panes, on each pane's connection; ports noticed on their servers. */
  paneForwards: PaneForwards;
  tunnelStore: TunnelStore;
  tunnels: TunnelManager;
  files: FilesManager;
  browser: FileBrowser;
  transfers: TransferService;
  hostImport: HostImportService;
  keys: KeyService;
  knownHosts: KnownHostsService;
  agent: AgentService;
  /** Quick connect's destinations. */
  history: HistoryStore;
  /** The terminals' and file sessions' shared connections. */
  connections: ConnectionPool;
  /** What was wrong with the data directory at start. */
  dataDirProblems: ReturnType<typeof prepareDataDir>;
}

export interface AppCore extends Disposable {
  services: AppServices;
  broker: PromptBroker;
  /** Transports tell it which window's link is up; a window gone for good has its sessions closed. */
  windows: WindowRegistry;
  /** On each firing, tunnels and self-reconnecting terminals retry now and check their connections. */
  wake: WakeSignal;
}

/**
 * Everything behind the contract, without Electron and without the wire: the services, the
 * windows registry, the trust gate, and the table that sends the services' events to `wire`.
 * The rpc layer (main/rpc/app-rpc.ts) serves the contract over it.
 */
export function createAppCore(options: AppCoreOptions, wire: WireSink): AppCore {
  const relay = new RendererPromptRelay();
  const dataDirProblems = prepareDataDir(options.dataDir);
  const vault = new Vault({ file: join(options.dataDir, 'vault.json'), os: options.osEncryption });
  const broker = new PromptBroker(new VaultPrompts(vault, (request, signal) => relay.ask(request, signal)).handler);
  const profiles = new ProfileStore(options.backend, options.dataDir);
  const settings = new SettingsStore(options.backend, options.dataDir);
  const history = new HistoryStore(options.backend, options.dataDir);
  const log = options.log ?? (() => {});
  const confirmer = options.confirmer ?? refusingConfirmer;
  const trust = new TrustGate(confirmer);
  // One pool for terminals and file sessions; it notes host keys and typed secrets for transfer workers.
  const recorder = new ConnectionRecorder();
  const connections = new ConnectionPool({
    ...recorder.connectorOptions((request, signal) => broker.ask(request, signal)),
    // Passwords typed for the connections are kept for transfer workers only while one is open.
    onIdle: () => recorder.forgetSecrets(),
    isSharing: () => settings.get().reuseConnections,
  });
  const terminals = new TerminalManager({
    connections,
    findProfile: (id) => profiles.get(id as never),
    env: options.env,
    recordingsDir: join(options.dataDir, 'recordings'),
    confirmer,
  });
  const paneForwards = new PaneForwards({ pollMs: options.serverPortPollMs, isDetecting: () => settings.get().detectServerPorts });
  const paneFollow = followTerminals(terminals, paneForwards);
  const tunnelStore = new TunnelStore(options.dataDir, options.backend);
  const tunnels = new TunnelManager({
    store: tunnelStore,
    broker,
    dataDir: options.dataDir,
    env: options.env,
    findProfile: (id) => profiles.get(id as never),
    log,
  });
  // The file manager never touches the vault or the rest of Jumpgate's data (see protected-paths.ts).
  const files = new FilesManager({
    connections,
    recipeFor: (hops) => recorder.recipeFor(hops),
    findProfile: (id) => profiles.get(id as never),
    env: options.env,
    protectedDirs: [options.dataDir],
  });
  const browser = new FileBrowser(files);
  const transfers = new TransferService({ broker, files });
  const hostImport = new HostImportService({ profiles, vault, env: options.env });
  const keys = new KeyService({ connections, profiles: () => profiles.list(), env: options.env });
  const knownHosts = new KnownHostsService({ env: options.env, findProfile: (id) => profiles.get(id as never), confirmer });
  const agent = new AgentService(options.env);
  const windows = new WindowRegistry({
    graceMs: options.windowGraceMs,
    onGone: (_windowId, owned) => {
      for (const { kind, id } of owned) kind === 'terminal' ? terminals.close(id as never) : files.close(id as never);
    },
  });
  const wiring = connectWireEvents({ relay, terminals, paneForwards, tunnels, files, transfers, hostImport, vault, connections }, wire);
  const lastUsed = trackLastUsed(profiles, terminals, files);
  const quickConnects = trackQuickConnects(history, terminals);
  const wake = options.wake ?? new WakeSignal();
  const healing = wake.onDidWake((reason) => {
    log(`woke (${reason}): tunnels and terminals retry and check their connections now`);
    tunnels.heal();
    terminals.heal();
  });

  tunnels.watch();
  if (options.autoStartTunnels ?? true) tunnels.startAutoStart();
  return {
    services: {
      profiles,
      settings,
      vault,
      relay,
      trust,
      terminals,
      paneForwards,
      tunnelStore,
      tunnels,
      files,
      browser,
      transfers,
      hostImport,
      keys,
      knownHosts,
      agent,
      history,
      connections,
      dataDirProblems,
    },
    broker,
    windows,
    wake,
    dispose: () => {
      healing.dispose();
      windows.dispose();
      terminals.dispose();
      paneFollow.dispose();
      paneForwards.dispose();
      tunnels.dispose();
      transfers.dispose();
      files.dispose();
      hostImport.dispose();
      connections.dispose();
      relay.cancelAll();
      vault.lock();
      wiring.dispose();
      lastUsed.dispose();
      quickConnects.dispose();
    },
  };
}
