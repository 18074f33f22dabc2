import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreStand, startCoreStand } from '../../helpers/core-stand';
import { httpServers } from '../../helpers/http-server';
import { pollUntil } from '../../helpers/poll-until';

let stand: CoreStand;
const http = httpServers();

beforeAll(async () => {
  stand = await startCoreStand({ trustServer: true, core: { serverPortPollMs: 200 } });
});
afterAll(async () => {
  http.closeAll();
  await stand?.dispose();
});

type Payload = Record<string, unknown>;
interface Forward {
  id: string;
  localPort: number;
  remotePort: number;
  state: string;
  isHttp: boolean;
}
interface PaneState {
  forwards: Forward[];
  detected: { port: number; remoteHost: string }[];
}

async function value<T = Payload>(method: string, input: unknown): Promise<T> {
  const answer = await stand.call(method, input);
  expect(answer, `${method} answered`).toMatchObject({ ok: true });
  return (answer as { value: T }).value;
}

async function openTerminal(): Promise<string> {
  const { sessionId } = await value<{ sessionId: string }>('terminal.open', {
    target: { destination: `root@127.0.0.1:${stand.sshd.port}` },
    cols: 80,
    rows: 24,
  });
  await pollUntil(() => stand.of('terminal.state', sessionId).some((s) => s.state === 'connected'), { message: 'terminal connected' });
  return sessionId;
}

const latest = (sessionId: string): PaneState | undefined => stand.of('terminal.forwards', sessionId).at(-1) as PaneState | undefined;
/** Exec channels sshd started (each poll of /proc/net/tcp is one). */
const execs = (): number => (stand.sshd.readLog().match(/Starting session: command/g) ?? []).length;

async function fetchText(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/`);
  return response.text();
}

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });
}

describe('forwards from a terminal pane', () => {
  it('offers a port the server started listening on after the terminal connected, not one open before, and forwards it over the same connection', async () => {
    const before = await http.start('open before');
    const logins = (stand.sshd.readLog().match(/Accepted publickey for /g) ?? []).length;
    const sessionId = await openTerminal();
    // Two reads started: the first (the baseline) has finished.
    const execsAtStart = execs();
    await pollUntil(() => execs() >= execsAtStart + 2, { message: 'two reads of /proc/net/tcp' });
    const after = await http.start('hello from the server');
    const offered = await pollUntil(() => latest(sessionId)?.detected.find((port) => port.port === after), { message: `port ${after} offered` });
    expect(offered.remoteHost).toBe('127.0.0.1');
    expect(latest(sessionId)!.detected.some((port) => port.port === before)).toBe(false);

    const forward = await value<Forward>('terminal.forwards.open', { sessionId, remotePort: after, isDetected: true });
    // The same port is taken here (the server runs on this machine), so it listens on another one.
    expect(forward).toMatchObject({ state: 'listening', isHttp: true, remoteHost: 'localhost', remotePort: after });
    expect(forward.localPort).not.toBe(after);
    expect(await fetchText(forward.localPort)).toBe('hello from the server');
    // No second login: the forward's channels ride the terminal's connection.
    expect((stand.sshd.readLog().match(/Accepted publickey for /g) ?? []).length).toBe(logins + 1);
    // Once forwarded it is no longer offered; the list names it under its terminal.
    await pollUntil(() => !latest(sessionId)!.detected.some((port) => port.port === after), { message: 'offer withdrawn' });
    // Nor is the forward's own listener offered back (this computer is the server here).
    const reads = execs();
    await pollUntil(() => execs() >= reads + 2, { message: 'the server read again' });
    expect(latest(sessionId)!.detected.some((port) => port.port === forward.localPort)).toBe(false);
    const listed = await value<{ sessionId: string; title: string; forwards: Forward[] }[]>('terminal.forwards.list', {});
    expect(listed.find((pane) => pane.sessionId === sessionId)?.forwards.map((f) => f.id)).toEqual([forward.id]);

    await value('terminal.close', { sessionId });
    await pollUntil(() => refuses(forward.localPort), { message: 'port freed with the pane' });
    expect((await value<{ sessionId: string }[]>('terminal.forwards.list', {})).some((pane) => pane.sessionId === sessionId)).toBe(false);
  });

  it('forwards a typed port, carries data, stops on request, and waits while the connection is down', async () => {
    const port = await http.start('typed');
    const sessionId = await openTerminal();
    const taken = await stand.call('terminal.forwards.open', { sessionId, remoteHost: '127.0.0.1', remotePort: port, localPort: port });
    expect(taken).toMatchObject({ ok: false, error: { code: 'FORWARD_PORT_IN_USE' } });

    const forward = await value<Forward>('terminal.forwards.open', { sessionId, remoteHost: '127.0.0.1', remotePort: port });
    expect(await fetchText(forward.localPort)).toBe('typed');

    await stand.sshd.restart();
    await pollUntil(() => latest(sessionId)?.forwards[0]?.state === 'waiting', { message: 'forward waiting' });
    expect(await refuses(forward.localPort)).toBe(true);
    await value('terminal.reconnect', { sessionId });
    await pollUntil(() => latest(sessionId)?.forwards[0]?.state === 'listening', { message: 'forward back' });
    expect(latest(sessionId)!.forwards[0]!.localPort).toBe(forward.localPort);
    expect(await fetchText(forward.localPort)).toBe('typed');

    await value('terminal.forwards.close', { sessionId, id: forward.id });
    expect(await refuses(forward.localPort)).toBe(true);
    expect(latest(sessionId)!.forwards).toEqual([]);
    await value('terminal.close', { sessionId });
  });

  it('does not poll with the setting off', async () => {
    await value('settings.update', { detectServerPorts: false });
    const reads = execs();
    const sessionId = await openTerminal();
    await value('terminal.write', { sessionId, data: 'echo ready-$((40+2))\r' });
    await pollUntil(() => stand.of('terminal.data', sessionId).some((d) => String(d.data).includes('ready-42')), { message: 'shell answered' });
    expect(execs()).toBe(reads);
    await value('terminal.close', { sessionId });
    await value('settings.update', { detectServerPorts: true });
  });
});
