import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startFakeServer } from '../../fixtures/fake-server';
import { makeSshEnv } from '../../fixtures/ssh-env';
import { cleanupAfterEach } from '../../helpers/cleanups';

const { track, defer } = cleanupAfterEach();

function runChild(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `test/fixtures/${script}`, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    defer(() => child.exitCode === null && child.kill('SIGKILL'));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('the last line of defence', () => {
  it('a fault nobody caught ends only the connection it came from, with INTERNAL; the process serves on', async () => {
    const server = track(await startFakeServer({ password: 'pw' }));
    const env = track(makeSshEnv());
    const result = await runChild('last-resort-child.ts', [String(server.port), env.knownHostsPath]);
    const hop = `tester@127.0.0.1:${server.port}`;
    expect(result.stdout.split('\n').filter(Boolean)).toEqual([
      `report uncaught exception owner=${hop} Error: a bug (throw)`,
      `closed INTERNAL ${hop}`,
      `report unhandled rejection owner=${hop} Error: a bug (reject)`,
      `closed INTERNAL ${hop}`,
      'report uncaught exception owner=none Error: a bug nobody owns',
      'still serving: alive',
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout + result.stderr).not.toContain('hunter2-secret');
  }, 60_000);

  it('in the CLI, a fault that belongs to no connection is one coded line and exit 255', async () => {
    const env = track(makeSshEnv());
    const result = await runChild('cli-last-resort-child.ts', [], env.env);
    expect(result.stderr).toBe('jumpgate: Jumpgate hit an internal error (uncaught exception: Error: a bug nobody owns). Please report it. (INTERNAL)\n');
    expect(result.status).toBe(255);
  }, 60_000);
});
