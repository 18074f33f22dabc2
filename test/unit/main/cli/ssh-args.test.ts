import { describe, expect, it } from 'vitest';
import { parseSshArgs } from '../../../../main/cli/ssh-args';
import { AppError } from '../../../../shared/errors';

describe('parseSshArgs (OpenSSH command line)', () => {
  it('takes grouped flags, attached and separate values, and stops at the destination', () => {
    const args = parseSshArgs([
      '-tt',
      '-vA',
      '-p2222',
      '-l',
      'deploy',
      '-i',
      'a',
      '-ib',
      '-J',
      'x,y',
      '-oConnectTimeout=5',
      '-o',
      'User=ignored',
      'host',
      'ls',
      '-la',
    ]);
    expect(args).toMatchObject({
      ttyForce: 2,
      verbosity: 1,
      forwardAgent: true,
      port: 2222,
      user: 'deploy',
      identityFiles: ['a', 'b'],
      jump: 'x,y',
      options: { connecttimeout: '5', user: 'ignored' },
      destination: 'host',
      command: ['ls', '-la'],
    });
  });

  it('keeps the first value of a repeated -o, as OpenSSH does', () => {
    expect(parseSshArgs(['-o', 'Port=1', '-o', 'port=2', 'h']).options).toEqual({ port: '1' });
  });

  it('accepts "Key Value" in -o', () => {
    expect(parseSshArgs(['-o', 'StrictHostKeyChecking accept-new', 'h']).options).toEqual({ stricthostkeychecking: 'accept-new' });
  });

  it('-N, -T, -n, -q, -F', () => {
    expect(parseSshArgs(['-NTnq', '-F', '/dev/null', 'h'])).toMatchObject({
      noCommand: true,
      noTty: true,
      noStdin: true,
      quiet: true,
      configFile: '/dev/null',
    });
  });

  it.each([
    [['-p', 'abc', 'h'], /Bad port "abc"/],
    [['-Z', 'h'], /Unknown option -Z/],
    [['-p'], /-p needs a value/],
    [['-v'], /No destination/],
    [['-o', 'novalue', 'h'], /Bad -o option/],
  ])('rejects %j with INVALID_ARGUMENT', (argv, message) => {
    let caught: unknown;
    try {
      parseSshArgs(argv);
    } catch (error) {
      caught = error;
    }
    expect(AppError.is(caught, 'INVALID_ARGUMENT')).toBe(true);
    expect((caught as AppError).message).toMatch(message);
  });

  it('"--" ends the options', () => {
    expect(parseSshArgs(['--', '-weird-host', 'cmd'])).toMatchObject({ destination: '-weird-host', command: ['cmd'] });
  });
});
