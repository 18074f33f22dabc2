import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startWebServer } from '../../../main/bridge/web-server';
import { type BridgeHandle, startBridge } from '../../../main/bridge/bridge-server';
import { EventHub } from '../../../main/rpc/event-hub';
import { pollUntil } from '../../helpers/poll-until';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

let dir: TempDir;
let bridge: BridgeHandle;
let origin: string;
const logged: string[] = [];

beforeAll(async () => {
  dir = makeTempDir('bridge');
  const staticDir = join(dir.path, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Jumpgate</title>');
  writeFileSync(join(dir.path, 'secret.txt'), 'outside the static root');
  mkdirSync(join(dir.path, 'private'));
  writeFileSync(join(dir.path, 'private', 'key.txt'), 'outside the static root too');
  // Links inside the served folder that lead out of it, to a file and to a folder on the way.
  symlinkSync(join(dir.path, 'secret.txt'), join(staticDir, 'leak.txt'));
  symlinkSync('../private', join(staticDir, 'assets'));
  symlinkSync('index.html', join(staticDir, 'home.html'));
  bridge = await startWebServer({ dataDir: join(dir.path, 'data'), staticDir, open: false, log: (line) => logged.push(line) });
  origin = `http://127.0.0.1:${bridge.port}`;
});
afterAll(async () => {
  await bridge?.close();
  dir?.dispose();
});

function get(path: string, host = `127.0.0.1:${bridge.port}`): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function open(options: { token?: string | null; origin?: string | null; host?: string } = {}): Promise<WebSocket> {
  const token = options.token === undefined ? bridge.token : options.token;
  const url = `ws://127.0.0.1:${bridge.port}/bridge${token === null ? '' : `?token=${token}`}`;
  const headers: Record<string, string> = {};
  if (options.host) headers.host = options.host;
  const ws = new WebSocket(url, { headers, ...(options.origin === null ? {} : { origin: options.origin ?? origin }) });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, id: number, method: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const message = JSON.parse(data.toString());
      if (message.type === 'result' && message.id === id) {
        ws.off('message', onMessage);
        resolve(message.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'call', id, method, input }));
  });
}

describe('the browser bridge', () => {
  it('prints a loopback URL with a random per-launch token', () => {
    expect(bridge.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${bridge.port}/\\?token=[A-Za-z0-9_-]{43}$`));
  });

  it('serves the renderer with a strict CSP, and nothing outside its folder', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Jumpgate</title>');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await get('/../secret.txt')).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt')).status).toBe(404);
  });

  it('never follows a link out of its folder; a link that stays inside is served', async () => {
    const leak = await get('/leak.txt');
    expect(leak.status).toBe(404);
    expect(leak.body).not.toContain('outside');
    const throughFolder = await get('/assets/key.txt');
    expect(throughFolder.status).toBe(404);
    expect(throughFolder.body).not.toContain('outside');
    expect((await get('/home.html')).body).toContain('<title>Jumpgate</title>');
  });

  it('refuses a page request for another Host name (DNS rebinding)', async () => {
    expect((await get('/', `evil.example:${bridge.port}`)).status).toBe(403);
  });

  it.each([
    ['no token', { token: null }],
    ['a wrong token', { token: 'x'.repeat(43) }],
  ])('closes a WebSocket with %s at once, saying the token was rejected (a page of an earlier launch stops retrying)', async (_name, options) => {
    const ws = await open(options);
    const messages: unknown[] = [];
    ws.on('message', (data: Buffer) => messages.push(data.toString()));
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'profiles.list', input: {} }));
    const [code, reason] = await new Promise<[number, string]>((resolve) => ws.once('close', (c, r) => resolve([c, r.toString()])));
    expect([code, reason]).toEqual([4401, 'token rejected']);
    expect(messages).toEqual([]);
  });

  it('serves one open page per window id: a copy (a duplicated browser tab) is told to take another; a reload is welcome', async () => {
    const first = await open({ token: `${bridge.token}&window=window-id-one` });
    const copy = await open({ token: `${bridge.token}&window=window-id-one` });
    expect(await new Promise<number>((resolve) => copy.once('close', (code) => resolve(code)))).toBe(4409);
    const closed = new Promise((resolve) => first.once('close', resolve));
    first.close();
    await closed;
    const reloaded = await open({ token: `${bridge.token}&window=window-id-one` });
    expect(await call(reloaded, 1, 'sessions.list', {})).toEqual({ ok: true, value: { terminals: [], files: [] } });
    reloaded.close();
  });

  it.each([
    ['no Origin', { origin: null }],
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['a foreign Host', { host: 'evil.example' }],
  ])('refuses a WebSocket with %s', async (_name, options) => {
    await expect(open(options)).rejects.toThrow(/HTTP 403/);
  });

  it('answers a real call, validates input and refuses unknown methods', async () => {
    const ws = await open();
    try {
      const info = await call(ws, 1, 'app.info', {});
      expect(info).toMatchObject({ ok: true, value: { transport: 'web', version: expect.any(String) } });
      const saved = await call(ws, 2, 'profiles.save', { name: 'db', destination: 'admin@db.internal:2222' });
      expect(saved).toMatchObject({ ok: true, value: { name: 'db', destination: 'admin@db.internal:2222' } });
      const listed = await call(ws, 3, 'profiles.list', {});
      expect(listed.value).toEqual([saved.value]);
      const bad = await call(ws, 4, 'profiles.save', { name: '', destination: 'x' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      const unknown = await call(ws, 5, 'fs.readFile', { path: '/etc/passwd' });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('no method') } });
    } finally {
      ws.close();
    }
  });

  it('closes the socket on a message that does not parse', async () => {
    const ws = await open();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const errors: unknown[] = [];
    ws.on('message', (data: Buffer) => errors.push(JSON.parse(data.toString())));
    ws.send('{not json');
    expect(await closed).toBe(1008);
    expect(errors).toEqual([{ type: 'error', error: expect.objectContaining({ code: 'INVALID_ARGUMENT' }) }]);
    expect(logged).toContain('bridge: refused a frame: not JSON');
  });

  it('logs a refused call with its method and why, never its input', async () => {
    const ws = await open();
    try {
      expect(await call(ws, 1, 'vault.unlock', { passphrase: 7, words: 'correct horse battery staple' })).toMatchObject({ ok: false });
      expect(logged).toContain('refused a call of "vault.unlock" (web): invalid input at passphrase (invalid_type)');
      expect(logged.join('\n')).not.toContain('horse');
    } finally {
      ws.close();
    }
  });

  it('stops a files.count of a large tree on a cancel frame, and answers SFTP_CANCELLED', async () => {
    const tree = join(dir.path, 'large-tree');
    for (let i = 0; i < 400; i++) {
      const sub = join(tree, `d${i}`, 'inner');
      mkdirSync(sub, { recursive: true });
      for (let j = 0; j < 10; j++) writeFileSync(join(sub, `f${j}`), 'x');
    }
    const ws = await open();
    try {
      const counted = call(ws, 1, 'files.count', { side: 'local', paths: [tree] });
      ws.send(JSON.stringify({ type: 'cancel', id: 1 }));
      expect(await counted).toMatchObject({ ok: false, error: { code: 'SFTP_CANCELLED', details: { path: expect.stringContaining(tree) } } });
      // Uncancelled, the same count completes: the cancel is what stopped it.
      expect(await call(ws, 2, 'files.count', { side: 'local', paths: [tree] })).toEqual({ ok: true, value: { files: 4000, directories: 801, bytes: 4000 } });
      // A cancel for a call that already answered is no error; the link goes on.
      ws.send(JSON.stringify({ type: 'cancel', id: 2 }));
      expect(await call(ws, 3, 'app.info', {})).toMatchObject({ ok: true });
    } finally {
      ws.close();
    }
  });

  it("aborts a call's signal when its socket closes (the page went away)", async () => {
    const signals: AbortSignal[] = [];
    const router = { dispatch: (_method: unknown, _input: unknown, { signal }: { signal: AbortSignal }) => (signals.push(signal), new Promise(() => {})) };
    const other = await startBridge({ router: router as never, hub: new EventHub(), staticDir: join(dir.path, 'static'), token: bridge.token });
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${other.port}/bridge?token=${other.token}`, { origin: `http://127.0.0.1:${other.port}` });
      await new Promise((resolve) => ws.once('open', resolve));
      ws.send(JSON.stringify({ type: 'call', id: 1, method: 'files.count', input: { side: 'local', paths: ['/'] } }));
      await pollUntil(() => signals.length === 1, { message: 'the call dispatched' });
      expect(signals[0]!.aborted).toBe(false);
      ws.close();
      await pollUntil(() => signals[0]!.aborted, { message: 'the call aborted' });
    } finally {
      await other.close();
    }
  });
});
