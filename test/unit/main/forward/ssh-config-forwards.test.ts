import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeHome, makeFakeHome, rejection } from '../ssh/config/ssh-config-home';

let fake: FakeHome;
beforeEach(() => {
  fake = makeFakeHome();
});
afterEach(() => fake.dispose());

const config = (text: string) => fake.write('.ssh/config', text);

describe('resolveHops: LocalForward, RemoteForward, DynamicForward, ExitOnForwardFailure', () => {
  it('collects the forwards of every matching block for the destination only, in order', async () => {
    config(
      [
        'Host app',
        '  ProxyJump bastion',
        '  LocalForward 5432 db.internal:5432',
        '  RemoteForward 127.0.0.1:8080 localhost:3000',
        '  ExitOnForwardFailure yes',
        'Host bastion',
        '  DynamicForward 1080',
        'Host *',
        '  LocalForward 5433 /run/pg.sock',
      ].join('\n'),
    );
    const hops = await fake.resolve({ destination: 'app' });
    expect(hops[0]!.forwards).toEqual([]);
    expect(hops[1]!.forwards).toEqual([
      { kind: 'local', bindPort: 5432, target: { host: 'db.internal', port: 5432 } },
      { kind: 'remote', bindAddress: '127.0.0.1', bindPort: 8080, target: { host: 'localhost', port: 3000 } },
      { kind: 'local', bindPort: 5433, target: { socketPath: '/run/pg.sock' } },
    ]);
    expect(hops[1]!.exitOnForwardFailure).toBe(true);
    expect(hops[0]!.exitOnForwardFailure).toBe(false);
  });

  it('ClearAllForwardings drops them; -o ExitOnForwardFailure applies', async () => {
    config(['Host app', '  DynamicForward 1080', '  ClearAllForwardings yes'].join('\n'));
    const [hop] = await fake.resolve({ destination: 'app', options: { exitonforwardfailure: 'yes' } });
    expect(hop!.forwards).toEqual([]);
    expect(hop!.exitOnForwardFailure).toBe(true);
  });

  it('refuses a malformed forward', async () => {
    config(['Host app', '  LocalForward 5432'].join('\n'));
    expect(await rejection(fake.resolve({ destination: 'app' }))).toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/LocalForward takes \[bind_address:\]port host:hostport/) as string,
    });
  });
});
