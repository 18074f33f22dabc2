import { describe, expect, it } from 'vitest';
import { parseTransferArgs } from '../../../../main/cli/transfer-args';

const allowed = { short: 'rpL', long: ['resume', 'conflict'], usage: 'usage' };

describe('parseTransferArgs', () => {
  it('reads grouped flags, scp -P, repeated -i, -o (first wins), long options and positionals anywhere', () => {
    const args = parseTransferArgs(
      ['-rp', 'a', '-P2222', '-i', 'k1', '-ik2', '--resume', '--conflict=skip', '-o', 'User=x', '-oUser=y', '-vv', 'host:b'],
      allowed,
    );
    expect(args.positionals).toEqual(['a', 'host:b']);
    expect([...args.flags.keys()].sort()).toEqual(['p', 'r', 'resume']);
    expect(args.values.get('conflict')).toBe('skip');
    expect(args).toMatchObject({ port: 2222, identityFiles: ['k1', 'k2'], options: { user: 'x' }, verbosity: 2 });
  });

  it('takes everything after -- as a path, even with a dash', () => {
    expect(parseTransferArgs(['--', '-weird', 'x'], allowed).positionals).toEqual(['-weird', 'x']);
  });

  it('refuses unknown options and bad ports with INVALID_ARGUMENT', () => {
    expect(() => parseTransferArgs(['-Z'], allowed)).toThrow(/Unknown option -Z/);
    expect(() => parseTransferArgs(['--nope'], allowed)).toThrow(/Unknown option --nope/);
    expect(() => parseTransferArgs(['-P', '99999'], allowed)).toThrow(/Bad port/);
  });
});
