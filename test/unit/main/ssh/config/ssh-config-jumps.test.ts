import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeHome, makeFakeHome, rejection, route } from './ssh-config-home';

let fake: FakeHome;
beforeEach(() => {
  fake = makeFakeHome();
});
afterEach(() => fake.dispose());

const config = (text: string) => fake.write('.ssh/config', text);

describe('resolveHops: jump chains', () => {
  it('follows the ProxyJump of the first jump host recursively, not of later ones (as OpenSSH)', async () => {
    config(['Host dest', '  ProxyJump b,c', 'Host b', '  ProxyJump a', 'Host c', '  ProxyJump z', 'Host a', '  Port 2001'].join('\n'));
    expect(route(await fake.resolve({ destination: 'dest' }))).toEqual(['tester@a:2001', 'tester@b:22', 'tester@c:22', 'tester@dest:22']);
  });

  it('lets the first of ProxyJump and ProxyCommand win, and keeps a proxy only on the first hop', async () => {
    config(
      [
        'Host cmd-first',
        '  ProxyCommand nc %h %p',
        '  ProxyJump bastion',
        'Host jump-first',
        '  ProxyJump bastion',
        '  ProxyCommand nc %h %p',
        'Host bastion',
        '  ProxyCommand connect-bastion %h',
        'Host *',
        '  JumpgateProxy http://proxy.example:3128',
      ].join('\n'),
    );
    await expect(fake.resolve({ destination: 'cmd-first' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('Both ProxyCommand and JumpgateProxy'),
    });
    config(
      ['Host cmd-first', '  ProxyCommand nc %h %p', '  ProxyJump bastion', 'Host jump-first', '  ProxyJump bastion', '  ProxyCommand nc %h %p'].join('\n'),
    );
    const cmdFirst = await fake.resolve({ destination: 'cmd-first' });
    expect(cmdFirst.map((hop) => [hop.alias, hop.proxyCommand])).toEqual([['cmd-first', 'nc %h %p']]);
    const jumpFirst = await fake.resolve({ destination: 'jump-first', options: { JumpgateProxy: 'socks5://127.0.0.1:1080' } });
    expect(jumpFirst.map((hop) => [hop.alias, hop.proxyCommand, hop.proxy?.port])).toEqual([
      ['bastion', undefined, 1080],
      ['jump-first', undefined, undefined],
    ]);
  });

  it('stops a ProxyJump loop with CONFIG_INVALID naming the circle', async () => {
    config('Host a\n  ProxyJump b\nHost b\n  ProxyJump c\nHost c\n  ProxyJump a\n');
    const error = await rejection(fake.resolve({ destination: 'a' }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('goes round in a circle: a → b → c → a.');
  });

  it('catches the classic Host * ProxyJump that also applies to the jump host', async () => {
    config('Host *\n  ProxyJump bastion\n');
    const error = await rejection(fake.resolve({ destination: 'web' }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('bastion → bastion');
    config('Host * !bastion\n  ProxyJump bastion\n');
    expect(route(await fake.resolve({ destination: 'web' }))).toEqual(['tester@bastion:22', 'tester@web:22']);
  });

  it('refuses a chain longer than 16 hops', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => `Host h${i}\n  ProxyJump h${i + 1}\n`);
    config(lines.join(''));
    const error = await rejection(fake.resolve({ destination: 'h0' }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('more than 16 hops');
    expect((await fake.resolve({ destination: 'h10' })).length).toBe(11);
    // Long by a list rather than by depth.
    const list = Array.from({ length: 17 }, (_, i) => `j${i}`).join(',');
    config(`Host wide\n  ProxyJump ${list}\n`);
    expect((await rejection(fake.resolve({ destination: 'wide' }))).message).toContain('more than 16 hops');
    expect((await fake.resolve({ destination: 'wide', jump: list.split(',').slice(0, 15).join(',') })).length).toBe(16);
  });
});
