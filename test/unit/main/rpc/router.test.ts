import { describe, expect, it } from 'vitest';
import { createAppRpc } from '../../../../main/rpc/app-rpc';
import { confBackend } from '../../../../main/storage/store-backend';
import { Router } from '../../../../main/rpc/router';
import { methods } from '../../../../shared/ipc';
import { AppError } from '../../../../shared/errors';
import { makeTempDir } from '../../../helpers/temp-dir';

function core() {
  const dir = makeTempDir('router');
  return { dir, core: createAppRpc({ dataDir: dir.path, transport: 'web', backend: confBackend(), versions: { node: process.versions.node } }) };
}

describe('the router', () => {
  it('has a handler for every method of the contract (it refuses to start otherwise)', () => {
    const { dir, core: app } = core();
    expect(app.router).toBeInstanceOf(Router);
    dir.dispose();
    const incomplete = Object.fromEntries(
      Object.keys(methods)
        .slice(1)
        .map((name) => [name, () => ({})]),
    );
    expect(() => new Router(incomplete as never)).toThrow(`No handler for ${Object.keys(methods)[0]}`);
  });

  it('refuses an untrusted sender before looking at the message', async () => {
    const { dir, core: app } = core();
    const result = await app.router.dispatch('app.info', {}, { isTrustedSender: false, transport: 'electron' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('not this app') } });
    dir.dispose();
  });

  it('refuses unknown methods, including prototype names', async () => {
    const { dir, core: app } = core();
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 42]) {
      const result = await app.router.dispatch(name, {}, { isTrustedSender: true, transport: 'direct' });
      expect(result.ok).toBe(false);
    }
    dir.dispose();
  });

  it('validates input with the contract and names the field', async () => {
    const { dir, core: app } = core();
    const result = await app.router.dispatch('profiles.remove', { id: '../../etc' }, { isTrustedSender: true, transport: 'direct' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('id') } });
    const extra = await app.router.dispatch('app.info', { sneaky: true }, { isTrustedSender: true, transport: 'direct' });
    expect(extra.ok).toBe(false);
    dir.dispose();
  });

  it('a failing handler answers a coded error, never a stack', async () => {
    const { dir, core: app } = core();
    const result = await app.router.dispatch('vault.unlock', { passphrase: 'whatever' }, { isTrustedSender: true, transport: 'direct' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toMatch(/^[A-Z_]+$/);
      expect(JSON.stringify(result.error)).not.toMatch(/\n\s+at /);
    }
    dir.dispose();
  });
});

describe('settings.update', () => {
  it('changes only the settings it names (a partial patch must not reset the others to defaults)', async () => {
    const { dir, core: app } = core();
    const call = (method: string, input: unknown) => app.router.dispatch(method, input, { isTrustedSender: true, transport: 'direct' });
    await call('settings.update', { terminalFontSize: 18 });
    const after = await call('settings.update', { theme: 'dark' });
    expect(after).toMatchObject({ ok: true, value: { theme: 'dark', terminalFontSize: 18 } });
    dir.dispose();
  });
});

describe('cancelling and refusing', () => {
  /** A router whose handlers all answer {} at once, but for `files.count`, which waits for its signal. */
  function waitingRouter(lines: string[]) {
    const handlers: Record<string, unknown> = Object.fromEntries(Object.keys(methods).map((name) => [name, () => ({})]));
    const seen: AbortSignal[] = [];
    handlers['files.count'] = (_input: unknown, { signal }: { signal: AbortSignal }) =>
      new Promise((_resolve, reject) => {
        seen.push(signal);
        signal.addEventListener('abort', () => reject(new AppError('SFTP_CANCELLED', 'Stopped counting.')));
      });
    return {
      router: new Router(
        handlers as never,
        () => {},
        (line) => lines.push(line),
      ),
      seen,
    };
  }

  it("gives each handler the call's signal: aborting it is what a cancel frame does", async () => {
    const { router, seen } = waitingRouter([]);
    const controller = new AbortController();
    const answer = router.dispatch('files.count', { side: 'local', paths: ['/tmp'] }, { isTrustedSender: true, transport: 'web', signal: controller.signal });
    await Promise.resolve();
    expect(seen[0]).toBe(controller.signal);
    controller.abort();
    expect(await answer).toMatchObject({ ok: false, error: { code: 'SFTP_CANCELLED' } });
  });

  it('a call without a signal still gets one, never aborted', async () => {
    const handlers: Record<string, unknown> = Object.fromEntries(Object.keys(methods).map((name) => [name, () => ({})]));
    let given: AbortSignal | undefined;
    handlers['files.mkdir'] = (_input: unknown, { signal }: { signal: AbortSignal }) => ((given = signal), {});
    await new Router(handlers as never).dispatch('files.mkdir', { side: 'local', path: '/tmp/x' }, { isTrustedSender: true, transport: 'direct' });
    expect(given).toBeInstanceOf(AbortSignal);
    expect(given!.aborted).toBe(false);
  });

  it('logs each refusal, one line with the method and why, never the input', async () => {
    const lines: string[] = [];
    const { router } = waitingRouter(lines);
    const secret = { passphrase: 'hunter2-hunter2' };
    await router.dispatch('vault.unlock', secret, { isTrustedSender: false, transport: 'electron' });
    await router.dispatch('vault.open\nforged line', secret, { isTrustedSender: true, transport: 'web' });
    await router.dispatch('vault.unlock', { passphrase: 42, note: 'hunter2-hunter2' }, { isTrustedSender: true, transport: 'web' });
    await router.dispatch('vault.setup', { passphrase: 'short' }, { isTrustedSender: true, transport: 'web' });
    expect(lines).toEqual([
      'refused a call of "vault.unlock" (electron): the sender is not this app',
      'refused a call of "vault.open\\nforged line" (web): no such method',
      'refused a call of "vault.unlock" (web): invalid input at passphrase (invalid_type)',
      'refused a call of "vault.setup" (web): invalid input at passphrase (too_small)',
    ]);
    expect(lines.join('\n')).not.toMatch(/hunter2|short/);
  });
});
