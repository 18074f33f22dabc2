import { describe, expect, it } from 'vitest';
import { PaneForwards } from '../../../main/forward/pane-forwards';
import { READ_TABLES, ServerPortWatcher, type PortBaseline } from '../../../main/forward/server-port-watcher';
import type { ListeningPort } from '../../../main/forward/proc-net-tcp';
import { type ExecResult, startFakeServer } from '../../fixtures/fake-server';
import { getTestKeys } from '../../fixtures/keys';
import { makeSshEnv } from '../../fixtures/ssh-env';
import { cleanupAfterEach } from '../../helpers/cleanups';
import { pollUntil } from '../../helpers/poll-until';
import { hopFor, recordingConnector } from '../../helpers/ssh-client';

const { track, defer } = cleanupAfterEach();

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const listen = (n: number, port: number) =>
  `   ${n}: 0100007F:${port.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1 0 100 0 0 10 0`;

/** A connection to an in-process server that answers the n-th read of the tables with `answer(n)`. */
async function serverAnswering(answer: (n: number) => ExecResult) {
  const keys = await getTestKeys();
  let reads = 0;
  const server = track(await startFakeServer({ username: 'root', publicKeys: [keys.ed25519.publicKey], exec: () => answer(++reads) }));
  const env = track(makeSshEnv());
  const { connector } = recordingConnector();
  defer(() => connector.dispose());
  const lease = track(await connector.connect([hopFor(server, env, { identityFiles: [keys.ed25519.path] })]));
  return { server, connection: lease.connection, reads: () => reads };
}

/** A watcher on a connection to an in-process server that answers the read with `answer(n)` for its n-th read. */
async function watch(answer: (n: number) => ExecResult) {
  const { server, connection, reads } = await serverAnswering(answer);
  const seen: ListeningPort[][] = [];
  let isStopped = false;
  const baseline: PortBaseline = {};
  const watcher = track(
    new ServerPortWatcher(connection, baseline, { intervalMs: 50, onPorts: (ports) => seen.push(ports), onStopped: () => (isStopped = true) }),
  );
  return { server, watcher, seen, baseline, stopped: () => isStopped, reads };
}

describe('reading a server for new listening ports', () => {
  it('takes the first read as the baseline and reports ports that start listening after it', async () => {
    const { server, seen, baseline } = await watch((n) => ({ stdout: [HEADER, listen(0, 3000), ...(n >= 3 ? [listen(1, 4000)] : [])].join('\n') }));
    await pollUntil(() => seen.some((ports) => ports.some((p) => p.port === 4000)), { message: 'port 4000 reported' });
    expect([...baseline.atStart!]).toEqual([3000]);
    expect(seen.flat().some((p) => p.port === 3000)).toBe(false);
    expect(server.events.filter((e) => e.type === 'exec').every((e) => e.type === 'exec' && e.command === READ_TABLES)).toBe(true);
  });

  it('stops reading a server without the tables (not Linux, no /proc)', async () => {
    const { stopped, reads, seen } = await watch(() => ({ stderr: "'cat' is not recognized as an internal or external command\r\n", exitCode: 1 }));
    await pollUntil(stopped, { message: 'stopped' });
    // A read after the stop would count here; the first one is the only one started.
    await pollUntil(() => reads() === 1, { message: 'one read' });
    expect(seen).toEqual([]);
  });

  it('reads no more than its bound from a server that floods it, and goes on polling', async () => {
    const flood = [HEADER, ...Array.from({ length: 60_000 }, (_, i) => listen(i, 1024 + (i % 50_000)))].join('\n');
    const { stopped, reads, baseline } = await watch(() => ({ stdout: flood }));
    await pollUntil(() => reads() >= 3, { message: 'three reads', timeoutMs: 20_000 });
    expect(stopped()).toBe(false);
    expect(baseline.atStart!.size).toBeGreaterThan(1000);
    expect(baseline.atStart!.size).toBeLessThan(50_000);
  });
});

describe('the ports a pane offers', () => {
  it('keeps offers in the order they appeared (newest last) and drops one that stops listening', async () => {
    const tables = [[3000], [3000], [3000, 9000], [3000, 5000, 9000], [3000, 5000]];
    const { connection } = await serverAnswering((n) => ({
      stdout: [HEADER, ...tables[Math.min(n, tables.length) - 1]!.map((port, i) => listen(i, port))].join('\n'),
    }));
    const forwards = new PaneForwards({ pollMs: 50, isDetecting: () => true });
    defer(() => forwards.dispose());
    const offers: number[][] = [];
    forwards.onDidChange((state) => offers.push(state.detected.map((port) => port.port)));
    forwards.connected('t1', 'fake', connection);
    await pollUntil(() => offers.some((ports) => ports.length === 1 && ports[0] === 5000), { message: '9000 withdrawn' });
    expect(offers.filter((ports) => ports.length > 0)).toEqual([[9000], [9000, 5000], [5000]]);
  });
});
