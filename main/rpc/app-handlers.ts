import type { HandlersOf, Methods } from '../../shared/ipc';
import { AppError } from '../../shared/errors';
import { APP_VERSION, type AppCore, type AppCoreOptions } from '../core/app-core';
import { isNativeCryptoLoaded } from '../ssh/connect/crypto-binding';
import type { CallContext } from './router';
import { describeVaultEntries } from '../core/vault-entries';
import { hostKeyNameOf } from '../prompts/vault-prompts';

/** Each method of the contract, on the services of the core. */
export function appHandlers(core: AppCore, options: AppCoreOptions): HandlersOf<Methods, CallContext> {
  const { windows } = core;
  const {
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
    history,
    connections,
    dataDirProblems,
  } = core.services;
  const { knownHosts, agent } = core.services;
  return {
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
      profiles.remove(id, tunnelStore.list());
      return {};
    },
    'hosts.configHosts': () => hostImport.configHosts(),
    'hosts.importPreview': (request) => hostImport.preview(request),
    'hosts.import': (request) => hostImport.import(request),
    'hosts.export': ({ id }) => hostImport.export(id),
    'history.list': () => history.list(),
    'history.forget': ({ destination }) => {
      history.forget(destination);
      return {};
    },
    'connections.count': () => ({ live: connections.liveConnections }),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'storage.problems': () => [...dataDirProblems, ...profiles.problems, ...settings.problems, ...tunnelStore.problems, ...history.problems, ...vault.problems],
    'vault.status': () => vault.status(),
    'vault.setup': ({ passphrase }) => vault.setup(passphrase),
    'vault.unlock': ({ passphrase }) => vault.unlock(passphrase),
    'vault.lock': () => vault.lock(),
    'vault.changePassphrase': ({ current, next }) => vault.changePassphrase(current, next),
    'vault.entries': () => describeVaultEntries(vault.secretNames(), profiles.list(), (name) => vault.getSecret(name)),
    'vault.forget': ({ id }) => {
      if (!vault.secretNames().includes(id)) throw new AppError('NOT_FOUND', 'The vault holds no such entry any more.');
      vault.deleteSecret(id);
      vault.deleteSecret(hostKeyNameOf(id));
      return {};
    },
    'knownHosts.list': (query) => knownHosts.list(query),
    'knownHosts.remove': ({ name, profileId }) => knownHosts.remove(name, profileId),
    'agent.status': () => agent.status(),
    'agent.add': ({ keyFile, passphrase }) => agent.add(keyFile, passphrase),
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
    'terminal.forwards.open': ({ sessionId, isDetected, ...request }) => paneForwards.open(sessionId, request, { isDetected }),
    'terminal.forwards.close': ({ sessionId, id }) => (paneForwards.close(sessionId, id), {}),
    'terminal.forwards.list': () => paneForwards.list() as never,
    'tunnels.list': () => tunnels.list(),
    'tunnels.save': async ({ tunnel, previousName }) => {
      await trust.checkTunnelSave(
        tunnel,
        tunnelStore.list().find((saved) => saved.name === (previousName ?? tunnel.name)),
      );
      return tunnels.save(tunnel, previousName);
    },
    'tunnels.remove': async ({ name }) => (await tunnels.remove(name), {}),
    'tunnels.start': ({ name }) => tunnels.start(name),
    'tunnels.stop': ({ name }) => tunnels.stop(name),
    'tunnels.checkPort': ({ bindAddress, port }) => tunnels.checkPort(bindAddress, port),
    'files.open': ({ target }, { windowId }) => {
      const opened = files.open(target);
      windows.own(windowId, 'files', opened.filesId);
      return opened;
    },
    'files.close': ({ filesId }) => (files.close(filesId), windows.disown('files', filesId), {}),
    'files.reconnect': ({ filesId }) => (files.reconnect(filesId), {}),
    'files.list': ({ side, path }, { signal }) => browser.list(side, path, signal),
    'files.mkdir': async ({ side, path }) => (await browser.mkdir(side, path), {}),
    'files.rename': async ({ side, from, to }) => (await browser.rename(side, from, to), {}),
    'files.chmod': async ({ side, path, mode }) => (await browser.chmod(side, path, mode), {}),
    'files.count': ({ side, paths }, { signal }) => browser.count(side, paths, signal),
    'files.remove': ({ side, paths }) => browser.remove(side, paths),
    'transfers.add': (request) => transfers.add(request),
    'transfers.list': () => transfers.list(),
    'transfers.pause': ({ id }) => (transfers.pause(id), {}),
    'transfers.resume': ({ id }) => (transfers.resume(id), {}),
    'transfers.cancel': ({ id }) => (transfers.cancel(id), {}),
    'transfers.retry': ({ id }) => transfers.retry(id),
    'transfers.clear': () => (transfers.clear(), {}),
    'keys.list': () => keys.listing(),
    'keys.generate': (request) => keys.generate(request),
    'keys.changePassphrase': ({ name, current, next }) => keys.changePassphrase(name, current, next),
    'keys.install': ({ name, profileId }, { signal }) => keys.install(name, profileId, signal),
  };
}
