import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { findPortHolder, nextFreePort } from '../../../main/base/port-holder';
import { listenLocal } from '../../../main/forward/local-listener';
import { describeHint } from '../../../renderer/ui/hint-text';
import { cliHintText } from '../../../main/cli/hint-text';
import { makeTempDir } from '../../helpers/temp-dir';
import { holdPortInChild } from './forward-helpers';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('a local port held by another program', () => {
  it.runIf(process.platform === 'linux')('names the program and its pid, and offers the next free port', async () => {
    const { pid, port, stop } = await holdPortInChild();
    cleanups.push(stop);
    const error = await listenLocal('127.0.0.1', port, 'forward 1', () => {}).catch((e: unknown) => e);
    expect(AppError.is(error, 'FORWARD_PORT_IN_USE')).toBe(true);
    const appError = error as AppError;
    expect(appError.message).toContain(`by node (process ${pid})`);
    const details = appError.details as { holder: { pid: number; program: string }; nextFreePort: number };
    expect(details.holder).toEqual({ pid, program: 'node' });
    expect(details.nextFreePort).toBeGreaterThan(port);
    expect(appError.hint).toEqual({ kind: 'free-port', port, holder: { pid, program: 'node' }, nextFreePort: details.nextFreePort });
    // The offered port really is free: a listener binds there.
    const server = await listenLocal('127.0.0.1', details.nextFreePort, 'forward 1', () => {});
    server.close();
    expect(describeHint(appError.hint!).text).toBe(
      `Stop node (process ${pid}), which holds port ${port}, or choose another port: ${details.nextFreePort} is free.`,
    );
    expect(cliHintText(appError.hint!)).toContain(`such as ${details.nextFreePort}`);
  });

  it('says nothing of a holder the system does not show (another user, or no such socket)', async () => {
    const proc = makeTempDir('proc');
    cleanups.push(() => proc.dispose());
    mkdirSync(join(proc.path, 'net'));
    // A listener on port 8080 (0x1F90) with inode 4242, held by a process whose fds cannot be read.
    writeFileSync(
      join(proc.path, 'net', 'tcp'),
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
        '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0\n',
    );
    mkdirSync(join(proc.path, '77'));
    expect(await findPortHolder(8080, proc.path)).toBeUndefined();
    mkdirSync(join(proc.path, '77', 'fd'));
    symlinkSync('socket:[4242]', join(proc.path, '77', 'fd', '3'));
    writeFileSync(join(proc.path, '77', 'comm'), 'evil\u001b[31m\n');
    const found = process.platform === 'linux' ? await findPortHolder(8080, proc.path) : undefined;
    if (process.platform === 'linux') expect(found).toEqual({ pid: 77, program: 'evil\\x1b[31m' });
    expect(await findPortHolder(8081, proc.path)).toBeUndefined();
  });

  it('finds no free port past the top of the range', async () => {
    expect(await nextFreePort('127.0.0.1', 65535)).toBeUndefined();
  });
});
