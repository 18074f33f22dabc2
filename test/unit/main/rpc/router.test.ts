import { describe, expect, it } from 'vitest';
import { createAppRpc } from '../../../../main/rpc/app-rpc';
import { confBackend } from '../../../../main/storage/store-backend';
import { Router } from '../../../../main/rpc/router';
import { methods } from '../../../../shared/ipc';
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
