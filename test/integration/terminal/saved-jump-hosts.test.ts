import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshdHandle } from '../../fixtures/sshd';
import { type CoreStand, startCoreStand } from '../../helpers/core-stand';
import { pollUntil } from '../../helpers/poll-until';

let stand: CoreStand;
let sshd: SshdHandle;

beforeAll(async () => {
  stand = await startCoreStand({ trustServer: true });
  ({ sshd } = stand);
  // The bastion is this same sshd under the name localhost, so its hop can be told from the destination's.
  stand.env.addKnownHosts(sshd.knownHostsLines().map((line) => line.replace('127.0.0.1', 'localhost')));
});
afterAll(() => stand?.dispose());

const call = (method: string, input: unknown) => stand.call(method, input);

async function save(fields: Record<string, unknown>): Promise<string> {
  const saved = await call('profiles.save', fields);
  expect(saved).toMatchObject({ ok: true });
  return (saved as { value: { id: string } }).value.id;
}

const output = (sessionId: string) =>
  stand
    .of('terminal.data', sessionId)
    .map((d) => d.data)
    .join('');

describe('a bastion saved once', () => {
  it('is the jump of two hosts, and each connects through it with the bastion’s own port, user and host-key setting', async () => {
    // Without its saved port and user, a hop to localhost would go to port 22 as the local user, and fail.
    const bastion = await save({ name: 'Bastion', destination: 'localhost', port: sshd.port, user: 'root', strictHostKeyChecking: 'yes' });
    const hosts = [
      await save({ name: 'App', destination: '127.0.0.1', port: sshd.port, user: 'root', jump: [{ profileId: bastion }] }),
      await save({ name: 'Db', destination: '127.0.0.1', port: sshd.port, user: 'root', jump: [{ profileId: bastion }] }),
    ];
    for (const profileId of hosts) {
      const opened = await call('terminal.open', { target: { profileId }, cols: 80, rows: 24 });
      const { sessionId } = (opened as { value: { sessionId: string } }).value;
      await pollUntil(() => stand.of('terminal.state', sessionId).some((s) => s.state === 'connected'), { message: 'connected' });
      const hops = [...new Set(stand.of('terminal.progress', sessionId).map((p) => p.hop))];
      expect(hops).toEqual([`root@localhost:${sshd.port}`, `root@127.0.0.1:${sshd.port}`]);
      await call('terminal.write', { sessionId, data: 'echo "through:$((6*7))"\n' });
      await pollUntil(() => output(sessionId).includes('through:42'), { message: 'the shell answering through the bastion' });
      await call('terminal.close', { sessionId });
    }

    expect(await call('profiles.remove', { id: bastion })).toMatchObject({
      ok: false,
      error: { code: 'PROFILE_IN_USE', message: 'Bastion cannot be removed: the host App and the host Db use it. Change or remove them first.' },
    });
  });

  it('a tunnel that names a saved host comes up through that host’s saved bastion, and keeps that host from being removed', async () => {
    const bastion = await save({ name: 'Gate', destination: 'localhost', port: sshd.port, user: 'root' });
    const host = await save({ name: 'Web', destination: '127.0.0.1', port: sshd.port, user: 'root', jump: [{ profileId: bastion }] });
    const mark = sshd.readLog().length;
    const forwards = [{ kind: 'local', bindPort: 0, target: { host: '127.0.0.1', port: sshd.port } }];
    expect(await call('tunnels.save', { tunnel: { name: 'web', connection: { profileId: host }, forwards } })).toMatchObject({ ok: true });
    expect(await call('tunnels.start', { name: 'web' })).toMatchObject({ ok: true });
    await pollUntil(() => stand.events.some((e) => e.name === 'tunnels.status' && e.payload.name === 'web' && e.payload.state === 'up'), {
      message: 'the tunnel up',
    });
    // The connection to Web was a channel Gate opened.
    expect(await sshd.waitForLog(/server_request_direct_tcpip: .*target 127\.0\.0\.1 port \d+/, { after: mark })).toContain(`port ${sshd.port}`);
    expect(await call('profiles.remove', { id: host })).toMatchObject({
      ok: false,
      error: { code: 'PROFILE_IN_USE', message: 'Web cannot be removed: the tunnel web uses it. Change or remove it first.' },
    });
    expect(await call('tunnels.stop', { name: 'web' })).toMatchObject({ ok: true });
  });
});
