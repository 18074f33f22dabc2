import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppRpc, createAppRpc } from '../../../../main/rpc/app-rpc';
import { confBackend } from '../../../../main/storage/store-backend';
import { pollUntil } from '../../../helpers/poll-until';
import { makeTempDir, type TempDir } from '../../../helpers/temp-dir';

describe("local files.* and transfers through the contract leave Jumpgate's data alone", () => {
  let dir: TempDir;
  let core: AppRpc;
  let data: string;
  const statuses: { id: number; state: string; error?: { code: string } }[] = [];
  const call = (method: string, input: unknown) => core.router.dispatch(method, input, { isTrustedSender: true, transport: 'direct' });

  beforeEach(async () => {
    dir = makeTempDir('core-files');
    data = join(dir.path, 'data');
    core = createAppRpc({
      dataDir: data,
      transport: 'web',
      backend: confBackend(),
      versions: { node: process.versions.node },
      autoStartTunnels: false,
      env: { HOME: dir.path },
    });
    core.hub.connect((name, payload) => name === 'transfers.status' && statuses.push(payload as never));
    expect(await call('vault.setup', { passphrase: 'a long enough passphrase' })).toMatchObject({ ok: true });
    mkdirSync(join(dir.path, 'out'));
    writeFileSync(join(dir.path, 'plain.txt'), 'plain');
  });
  afterEach(() => {
    core.dispose();
    dir.dispose();
    statuses.length = 0;
  });

  it('list, chmod and rename of the vault are refused with PATH_PROTECTED', async () => {
    const vault = join(data, 'vault.json');
    expect(await call('files.list', { side: 'local', path: data })).toMatchObject({ ok: false, error: { code: 'PATH_PROTECTED' } });
    expect(await call('files.chmod', { side: 'local', path: vault, mode: 0o644 })).toMatchObject({ ok: false, error: { code: 'PATH_PROTECTED' } });
    expect(await call('files.rename', { side: 'local', from: vault, to: '~/vault-copy.json' })).toMatchObject({ ok: false, error: { code: 'PATH_PROTECTED' } });
    expect(await call('files.remove', { side: 'local', paths: [vault] })).toMatchObject({ ok: false, error: { code: 'PATH_PROTECTED' } });
    expect(statSync(vault).mode & 0o777).toBe(0o600);
  });

  it('a transfer neither reads the vault nor writes into the data directory', async () => {
    const out = await call('transfers.add', { src: { side: 'local', paths: [join(data, 'vault.json')] }, dst: { side: 'local', path: '~/out' } });
    expect(out).toMatchObject({ ok: true });
    const into = await call('transfers.add', { src: { side: 'local', paths: ['~/plain.txt'] }, dst: { side: 'local', path: data } });
    expect(into).toMatchObject({ ok: true });
    const ids = [out, into].map((result) => (result as { value: { id: number } }).value.id);
    for (const id of ids) {
      const ended = await pollUntil(() => statuses.find((status) => status.id === id && ['done', 'failed', 'cancelled'].includes(status.state)), {
        message: `job ${id} ends`,
      });
      expect(ended).toMatchObject({ state: 'failed', error: { code: 'PATH_PROTECTED' } });
    }
    expect(() => readFileSync(join(dir.path, 'out', 'vault.json'))).toThrow();
    expect(() => readFileSync(join(data, 'plain.txt'))).toThrow();
  });
});
