import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../shared/errors';
import { checkJumpList, parseDestination } from '../../../../../main/ssh/config/destination';

describe('parseDestination', () => {
  it.each([
    ['prod', { host: 'prod' }],
    ['me@prod', { user: 'me', host: 'prod' }],
    ['me@10.0.0.5:2222', { user: 'me', host: '10.0.0.5', port: 2222 }],
    ['10.0.0.5:2222', { host: '10.0.0.5', port: 2222 }],
    ['[::1]:2222', { host: '::1', port: 2222 }],
    ['me@[fe80::1%eth0]', { user: 'me', host: 'fe80::1%eth0' }],
    // A bare IPv6 address has no port: the last group is part of the address.
    ['::1', { host: '::1' }],
    ['me@2001:db8::5', { user: 'me', host: '2001:db8::5' }],
    // Like OpenSSH, the user is everything before the last '@'.
    ['me@corp.example@jump', { user: 'me@corp.example', host: 'jump' }],
    ['ssh://me@host.example:2200', { user: 'me', host: 'host.example', port: 2200 }],
    ['ssh://me@host.example:2200/', { user: 'me', host: 'host.example', port: 2200 }],
    ['SSH://host.example', { host: 'host.example' }],
    ['ssh://me@[::1]:2222', { user: 'me', host: '::1', port: 2222 }],
    ['ssh://first%2Elast;fingerprint=SHA256-abc@host', { user: 'first.last', host: 'host' }],
  ])('reads %s', (text, expected) => {
    expect(parseDestination(text)).toEqual(expected);
  });

  it.each([
    ['', 'empty'],
    ['me@', 'host name is empty'],
    ['@host', 'user name before'],
    ['host:abc', 'port “abc”'],
    ['host:0', 'port “0”'],
    ['host:65536', 'port “65536”'],
    ['[::1', 'not closed'],
    ['[::1]x', 'only “:port”'],
    ['-oProxyCommand=calc', 'cannot begin with “-”'],
    ['host;rm -rf ~', 'character host names never have'],
    ['$(id)@host', 'shell character'],
    ['ssh://host/path', 'no path'],
    ['ssh://::1', 'brackets'],
  ])('refuses %j with INVALID_ARGUMENT (%s)', (text, reason) => {
    let caught: unknown;
    try {
      parseDestination(text);
    } catch (error) {
      caught = error;
    }
    expect(AppError.is(caught, 'INVALID_ARGUMENT')).toBe(true);
    expect((caught as AppError).message).toContain(reason);
  });
});

describe('checkJumpList', () => {
  it('reads users, ports, IPv6 and ssh:// entries in order', () => {
    expect(checkJumpList('a, me@b:2200,[::1]:2222,ssh://u@c')).toEqual({
      ok: true,
      value: [{ host: 'a' }, { user: 'me', host: 'b', port: 2200 }, { host: '::1', port: 2222 }, { user: 'u', host: 'c' }],
    });
  });

  it('names the entry that is wrong', () => {
    expect(checkJumpList('a,b:99999')).toEqual({ ok: false, problem: expect.stringContaining('b:99999') });
    expect(checkJumpList('a,,b')).toEqual({ ok: false, problem: 'an entry of the list is empty' });
  });
});
