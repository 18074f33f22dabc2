import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../../../main/cli/jumpgate';

async function run(argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const status = await main(argv, { stdin: new PassThrough(), stdout, stderr, env: { JUMPGATE_HOME: '/nonexistent-jumpgate-home' } });
  return { status, stdout: out, stderr: err };
}

describe('jumpgate --help', () => {
  it('lists the hosts commands and says a destination may be a saved host', async () => {
    const { status, stdout } = await run(['--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('jumpgate hosts list [--json] [--ssh-config]');
    expect(stdout).toContain('jumpgate hosts import FILE|--ssh-config [--from putty|mobaxterm|tabby|ssh-config] [--dry-run] [NAME ...]');
    expect(stdout).toContain('jumpgate hosts export NAME');
    expect(stdout).toContain("host may be a saved host's name, also in -J");
  });

  it('an unknown hosts command is a coded error with the usage', async () => {
    const { status, stderr } = await run(['hosts', 'frobnicate']);
    expect(status).toBe(255);
    expect(stderr).toMatch(/^jumpgate: Unknown hosts command "frobnicate"\. Usage:.*jumpgate hosts list.*\(INVALID_ARGUMENT\)\n$/);
  });
});
