import { describe, expect, it } from 'vitest';
import { Emitter } from '../../../../shared/base/event';
import { AppError } from '../../../../shared/errors';
import { type EventName, events } from '../../../../shared/ipc';
import { connectWireEvents, type WireSources } from '../../../../main/core/wire-events';
import { RendererPromptRelay } from '../../../../main/prompts/renderer-prompt-relay';
import { EventHub } from '../../../../main/rpc/event-hub';

const lost = new AppError('CONNECTION_LOST', 'The connection to build was lost. Reconnect to continue.', { hop: 'build' });
const progress = { hop: 'build', step: 'kex', elapsedMs: 12 } as const;
const tunnel = { name: 'db', state: 'up', attempt: 0, forwards: [] } as const;
const transfer = { id: 1, state: 'running', direction: 'upload', title: 'a from local to build:/tmp', priority: 0 } as const;
const sides = { src: { side: 'local', where: 'local', paths: ['/a'] }, dst: { side: 'f1', where: 'build', path: '/tmp' } } as const;

/** Services as the table sees them: a real prompt relay, and the others' events fired by hand. */
function services() {
  const relay = new RendererPromptRelay();
  const emitters = {
    terminalData: new Emitter<never>(),
    terminalState: new Emitter<never>(),
    terminalProgress: new Emitter<never>(),
    terminalNotice: new Emitter<never>(),
    terminalRecording: new Emitter<never>(),
    tunnelStatus: new Emitter<never>(),
    tunnelList: new Emitter<never>(),
    filesState: new Emitter<never>(),
    filesProgress: new Emitter<never>(),
    transferStatus: new Emitter<never>(),
    configChanged: new Emitter<never>(),
    paneForwards: new Emitter<never>(),
    vaultChanged: new Emitter<void>(),
    liveConnections: new Emitter<never>(),
  };
  const sources: WireSources = {
    relay,
    terminals: {
      onData: emitters.terminalData.event,
      onDidChangeState: emitters.terminalState.event,
      onProgress: emitters.terminalProgress.event,
      onNotice: emitters.terminalNotice.event,
      onDidChangeRecording: emitters.terminalRecording.event,
    },
    paneForwards: { onDidChange: emitters.paneForwards.event },
    tunnels: { onDidChangeStatus: emitters.tunnelStatus.event, onDidChangeList: emitters.tunnelList.event },
    files: { onDidChangeState: emitters.filesState.event, onProgress: emitters.filesProgress.event },
    transfers: { onDidChangeStatus: emitters.transferStatus.event },
    hostImport: { onDidChangeConfig: emitters.configChanged.event },
    vault: { onDidChange: emitters.vaultChanged.event, status: () => ({ state: 'locked', protection: 'passphrase', osKeyring: 'unavailable' }) },
    connections: { onDidChangeLive: emitters.liveConnections.event },
  };
  /** Every service event once, as the services would fire it. */
  const fireAll = (): void => {
    void relay.ask({ kind: 'password', hop: 'deploy@build:22', user: 'deploy', host: 'build', attempt: 1 });
    relay.cancelAll();
    const fire = (emitter: Emitter<never>, value: unknown) => emitter.fire(value as never);
    fire(emitters.terminalData, { sessionId: 't1', data: 'hello' });
    fire(emitters.terminalState, { sessionId: 't1', state: 'closed', error: lost, exit: { code: 1 }, reconnectInMs: 1000 });
    fire(emitters.terminalProgress, { sessionId: 't1', ...progress });
    fire(emitters.terminalNotice, { sessionId: 't1', hop: 'build', kind: 'banner', text: 'Welcome', isUntrusted: true });
    fire(emitters.terminalRecording, { sessionId: 't1', file: null });
    fire(emitters.paneForwards, { sessionId: 't1', title: 'build', forwards: [], detected: [{ port: 3000, address: '0.0.0.0', remoteHost: '127.0.0.1' }] });
    fire(emitters.tunnelStatus, tunnel);
    fire(emitters.tunnelList, undefined);
    fire(emitters.filesState, { filesId: 'f1', state: 'connected', label: 'build', home: '/home/deploy' });
    fire(emitters.filesProgress, { filesId: 'f1', ...progress });
    fire(emitters.transferStatus, { ...transfer, ...sides });
    fire(emitters.configChanged, undefined);
    emitters.vaultChanged.fire();
    fire(emitters.liveConnections, 2);
  };
  return { sources, fireAll };
}

function hubWithSink() {
  const hub = new EventHub();
  const seen: { name: EventName; payload: unknown }[] = [];
  hub.connect((name, payload) => seen.push({ name, payload }));
  return { hub, seen };
}

describe('the table of wire events', () => {
  it('sends each service event to the hub as its contract event, errors as their data', () => {
    const { sources, fireAll } = services();
    const { hub, seen } = hubWithSink();
    const wiring = connectWireEvents(sources, (name, payload) => hub.emit(name, payload));
    fireAll();
    expect(seen.map(({ name }) => name)).toEqual([
      'prompts.request',
      'prompts.closed',
      'terminal.data',
      'terminal.state',
      'terminal.progress',
      'terminal.notice',
      'terminal.recording',
      'terminal.forwards',
      'tunnels.status',
      'tunnels.changed',
      'files.state',
      'files.progress',
      'transfers.status',
      'hosts.configChanged',
      'vault.changed',
      'connections.changed',
    ]);
    // Every event of the contract has a service behind it, but the notice nothing sends yet.
    expect(new Set(seen.map(({ name }) => name))).toEqual(new Set(Object.keys(events).filter((name) => name !== 'app.notice')));
    const payloadOf = (name: EventName) => seen.find((event) => event.name === name)?.payload;
    expect(payloadOf('terminal.state')).toEqual({ sessionId: 't1', state: 'closed', error: lost.toJSON(), exit: { code: 1 }, reconnectInMs: 1000 });
    expect(payloadOf('files.state')).toEqual({ filesId: 'f1', state: 'connected', label: 'build', home: '/home/deploy' });
    expect(payloadOf('prompts.request')).toMatchObject({ promptId: expect.any(String), request: { kind: 'password', host: 'build' } });
    expect(payloadOf('terminal.data')).toEqual({ sessionId: 't1', data: 'hello' });
    expect(payloadOf('hosts.configChanged')).toEqual({});
    expect(payloadOf('vault.changed')).toEqual({ state: 'locked', protection: 'passphrase', osKeyring: 'unavailable' });
    expect(payloadOf('connections.changed')).toEqual({ live: 2 });
    wiring.dispose();
  });

  it('nothing reaches the wire without the table: the services know no hub, and a disposed table sends nothing', () => {
    const { sources, fireAll } = services();
    const { hub, seen } = hubWithSink();
    fireAll();
    expect(seen).toEqual([]);
    connectWireEvents(sources, (name, payload) => hub.emit(name, payload)).dispose();
    fireAll();
    expect(seen).toEqual([]);
  });
});
