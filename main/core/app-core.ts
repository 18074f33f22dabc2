import { join } from 'node:path';
import type { Disposable } from '../../shared/base/disposable';
import type { HandlersOf, Methods } from '../../shared/ipc';
import { AppError } from '../../shared/errors';
import { PromptBroker } from '../prompts/prompt-broker';
import { RendererPromptRelay } from '../prompts/renderer-prompt-relay';
import { EventHub } from '../rpc/event-hub';
import { type CallContext, Router } from '../rpc/router';
import { WindowRegistry } from './window-registry';
import { isNativeCryptoLoaded } from '../ssh/connect/crypto-binding';
import { TerminalManager } from '../terminal/terminal-manager';
import { FilesManager } from '../sftp/file-manager/files-manager';
import { FileBrowser } from '../sftp/file-manager/file-browser';
import { TransferService } from '../sftp/transfer/transfer-service';
import { TunnelManager } from '../forward/tunnel-manager';
import { prepareDataDir } from '../storage/data-dir';
import { TunnelStore } from '../storage/tunnel-store';
import { ProfileStore } from '../storage/profile-store';
import { SettingsStore } from '../storage/settings-store';
import type { StoreBackendFactory } from '../storage/store-backend';
import { type OsEncryption, Vault } from '../storage/vault';
import { VaultPrompts } from '../prompts/vault-prompts';
import { TrustGate } from './trust-gate';
import { refusingConfirmer, type TrustedConfirmer } from '../prompts/trusted-confirmer';

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
}

export interface AppCore extends Disposable {
  router: Router;
  hub: EventHub;
  broker: PromptBroker;
  /** Transports tell it which window's link is up; a window gone for good has its sessions closed. */
  windows: WindowRegistry;
}

/**
 * Everything behind the contract, without Electron: the app's main process and the browser
 * bridge both build their transport on this, so they serve the very same methods.
 */
export function createAppCore(options: AppCoreOptions): AppCore {
  const hub = new EventHub();
  const relay = new RendererPromptRelay(hub);
  const dataDirProblems = prepareDataDir(options.dataDir);
  const vault = new Vault({ file: join(options.dataDir, 'vault.json'), os: options.osEncryption });
  const broker = new PromptBroker(new VaultPrompts(vault, (request, signal) => relay.ask(request, signal)).handler);
  const profiles = new ProfileStore(options.backend, options.dataDir);
  const settings = new SettingsStore(options.backend, options.dataDir);
  const log = options.log ?? (() => {});
  const confirmer = options.confirmer ?? refusingConfirmer;
  const trust = new TrustGate(confirmer);
  const terminals = new TerminalManager({
    hub,
    broker,
    findProfile: (id) => profiles.get(id as never),
    env: options.env,
    recordingsDir: join(options.dataDir, 'recordings'),
    confirmer,
  });
  const tunnelStore = new TunnelStore(options.dataDir, options.backend);
  const tunnels = new TunnelManager({
    store: tunnelStore,
    broker,
    dataDir: options.dataDir,
    env: options.env,
    log,
    onStatus: (status) => hub.emit('tunnels.status', status),
  });
  // The file manager never touches the vault or the rest of Jumpgate's data (see protected-paths.ts).
  const files = new FilesManager({ hub, broker, findProfile: (id) => profiles.get(id as never), env: options.env, protectedDirs: [options.dataDir] });
  const browser = new FileBrowser(files);
  const transfers = new TransferService({ hub, broker, files });
  const windows = new WindowRegistry({
    graceMs: options.windowGraceMs,
    onGone: (_windowId, owned) => {
      for (const { kind, id } of owned) kind === 'terminal' ? terminals.close(id as never) : files.close(id as never);
    },
  });

  const handlers: HandlersOf<Methods, CallContext> = {
    'app.info': () => ({
      version: APP_VERSION,
      transport: options.transport,
      platform: process.platform,
      versions: options.versions,
      nativeCrypto: isNativeCryptoLoaded(),
      dataDir: options.dataDir,
    }),
    'profiles.list': () => profiles.list(),
    'profiles.save': async (draft) => {
      await trust.checkProfileSave(draft, draft.id === undefined ? undefined : profiles.get(draft.id));
      return profiles.save(draft);
    },
    'profiles.remove': ({ id }) => {
      profiles.remove(id);
      return {};
    },
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'storage.problems': () => [...dataDirProblems, ...profiles.problems, ...settings.problems, ...tunnelStore.problems, ...vault.problems],
    'vault.status': () => vault.status(),
    'vault.setup': ({ passphrase }) => vault.setup(passphrase),
    'vault.unlock': ({ passphrase }) => vault.unlock(passphrase),
    'vault.lock': () => vault.lock(),
    'vault.changePassphrase': ({ current, next }) => vault.changePassphrase(current, next),
    'prompts.pending': () => relay.pendingList(),
    'prompts.answer': ({ promptId, answer, save }) => {
      relay.answer(promptId, answer, save);
      return {};
    },
    // Targets are as they were opened (already checked then); the router parses the answer again.
    'sessions.list': (_input, { windowId }) =>
      ({
        terminals: windows.owned(windowId, 'terminal').flatMap((id) => terminals.describe(id as never) ?? []),
        files: windows.owned(windowId, 'files').flatMap((id) => files.describe(id as never) ?? []),
      }) as never,
    'terminal.open': ({ target, cols, rows }, { windowId }) => {
      const opened = terminals.open(target, { cols, rows });
      windows.own(windowId, 'terminal', opened.sessionId);
      return opened;
    },
    'terminal.attach': ({ sessionId }, { windowId }) => {
      // Another window's terminal is not drawn (nor its flow control reset) from here.
      if (!windows.mayAttach(windowId, 'terminal', sessionId))
        throw new AppError('OWNED_ELSEWHERE', 'That terminal belongs to another window; open it there, or open a new one.');
      return terminals.attach(sessionId);
    },
    'terminal.write': ({ sessionId, data }) => (terminals.write(sessionId, data), {}),
    'terminal.resize': ({ sessionId, cols, rows }) => (terminals.resize(sessionId, { cols, rows }), {}),
    'terminal.ack': ({ sessionId, chars }) => (terminals.ack(sessionId, chars), {}),
    'terminal.close': ({ sessionId }) => (terminals.close(sessionId), windows.disown('terminal', sessionId), {}),
    'terminal.reconnect': ({ sessionId }) => (terminals.reconnect(sessionId), {}),
    'terminal.cancelReconnect': ({ sessionId }) => (terminals.cancelReconnect(sessionId), {}),
    'terminal.forgetHostKey': ({ sessionId }) => terminals.forgetHostKey(sessionId),
    'terminal.record': ({ sessionId, on, withInput }) => terminals.record(sessionId, on, { withInput }),
    'tunnels.list': () => tunnels.list(),
    'tunnels.save': async ({ tunnel, previousName }) => {
      await trust.checkTunnelSave(
        tunnel,
        tunnelStore.list().find((saved) => saved.name === (previousName ?? tunnel.name)),
      );
      return tunnels.save(tunnel, previousName);
    },
    'tunnels.remove': ({ name }) => (tunnels.remove(name), {}),
    'tunnels.start': ({ name }) => tunnels.start(name),
    'tunnels.stop': ({ name }) => tunnels.stop(name),
    'files.open': ({ target }, { windowId }) => {
      const opened = files.open(target);
      windows.own(windowId, 'files', opened.filesId);
      return opened;
    },
    'files.close': ({ filesId }) => (files.close(filesId), windows.disown('files', filesId), {}),
    'files.reconnect': ({ filesId }) => (files.reconnect(filesId), {}),
    'files.list': ({ side, path }) => browser.list(side, path),
    'files.mkdir': async ({ side, path }) => (await browser.mkdir(side, path), {}),
    'files.rename': async ({ side, from, to }) => (await browser.rename(side, from, to), {}),
    'files.chmod': async ({ side, path, mode }) => (await browser.chmod(side, path, mode), {}),
    'files.count': ({ side, paths }) => browser.count(side, paths),
    'files.remove': ({ side, paths }) => browser.remove(side, paths),
    'transfers.add': (request) => transfers.add(request),
    'transfers.list': () => transfers.list(),
    'transfers.pause': ({ id }) => (transfers.pause(id), {}),
    'transfers.resume': ({ id }) => (transfers.resume(id), {}),
    'transfers.cancel': ({ id }) => (transfers.cancel(id), {}),
    'transfers.retry': ({ id }) => transfers.retry(id),
    'transfers.clear': () => (transfers.clear(), {}),
  };

  const router = new Router(handlers, (method, error) => log(`unexpected failure in ${method}: ${error instanceof Error ? error.name : typeof error}`));
  if (options.autoStartTunnels ?? true) tunnels.startAutoStart();
  return {
    router,
    hub,
    broker,
    windows,
    dispose: () => {
      windows.dispose();
      terminals.dispose();
      tunnels.dispose();
      transfers.dispose();
      files.dispose();
      relay.cancelAll();
      vault.lock();
    },
  };
}
