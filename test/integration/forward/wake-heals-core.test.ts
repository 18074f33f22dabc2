import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelStatus } from '../../../shared/model/tunnel-profile';
import { type CoreStand, startCoreStand } from '../../helpers/core-stand';
import { pollUntil } from '../../helpers/poll-until';

let stand: CoreStand;

beforeAll(async () => {
  stand = await startCoreStand({ trustServer: true });
}, 60_000);
afterAll(() => stand?.dispose());

type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
const call = <T = unknown>(method: string, input: unknown) => stand.call(method, input) as Promise<Result<T>>;
const tunnelStatus = async (name: string) => {
  const listed = (await call<{ profile: { name: string }; status: TunnelStatus }[]>('tunnels.list', {})) as {
    ok: true;
    value: { profile: { name: string }; status: TunnelStatus }[];
  };
  return listed.value.find((entry) => entry.profile.name === name)!.status;
};

describe("the app core's wake signal", () => {
  it('brings a retrying tunnel and a terminal waiting to reconnect back at once, not after their backoff', async () => {
    const { sshd } = stand;
    const saved = await call('tunnels.save', {
      tunnel: {
        name: 'sleepy',
        connection: { spec: { destination: '127.0.0.1', user: 'root', port: sshd.port } },
        forwards: [{ kind: 'local', bindPort: 0, target: { host: '127.0.0.1', port: sshd.port } }],
        // Ten minutes: only the wake can bring it back while the test runs.
        reconnect: { initialDelayMs: 600_000, maxDelayMs: 600_000, jitter: 0 },
      },
    });
    expect(saved, JSON.stringify(saved)).toMatchObject({ ok: true });
    expect(await call('tunnels.start', { name: 'sleepy' })).toMatchObject({ ok: true });
    const profile = await call<{ id: string }>('profiles.save', { name: 'Box', destination: '127.0.0.1', port: sshd.port, user: 'root', autoReconnect: true });
    const opened = await call<{ sessionId: string }>('terminal.open', {
      target: { profileId: (profile as { value: { id: string } }).value.id },
      cols: 80,
      rows: 24,
    });
    const sessionId = (opened as { value: { sessionId: string } }).value.sessionId;
    const states = () => stand.of('terminal.state', sessionId);
    await pollUntil(async () => (await tunnelStatus('sleepy')).state === 'up' && states().some((s) => s.state === 'connected'), { message: 'both up' });

    await sshd.stop();
    await pollUntil(async () => (await tunnelStatus('sleepy')).state === 'retrying', { message: 'the tunnel retrying' });
    await pollUntil(() => states().some((s) => s.state === 'closed' && typeof s.reconnectInMs === 'number'), { message: 'the terminal waiting to reconnect' });
    expect((await tunnelStatus('sleepy')).retryInMs).toBe(600_000);
    await sshd.restart();
    const connectingBefore = states().filter((s) => s.state === 'connecting').length;

    stand.core.wake.fire('resume');
    // The terminal tries again there and then, not when its timer comes due.
    expect(states().filter((s) => s.state === 'connecting').length).toBe(connectingBefore + 1);
    await pollUntil(async () => (await tunnelStatus('sleepy')).state === 'up', { message: 'the tunnel up again after the wake' });
    await pollUntil(() => states().filter((s) => s.state === 'connected').length === 2, { message: 'the terminal connected again' });
    await call('terminal.close', { sessionId });
    await call('tunnels.stop', { name: 'sleepy' });
  });
});
