import { EventEmitter } from 'node:events';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../../helpers/temp-dir';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createElectronStandIn } from '../../../helpers/electron-stand-in';

const standIn = vi.hoisted(() => ({ current: undefined as undefined | ReturnType<typeof createElectronStandIn> }));
vi.mock('electron', async () => {
  const { createElectronStandIn: create } = await import('../../../helpers/electron-stand-in');
  standIn.current = create();
  return standIn.current.module;
});
const electron = () => standIn.current!;

beforeEach(async () => {
  await import('electron');
  electron().reset();
  vi.resetModules();
});

describe('the main window', () => {
  it('is created with contextIsolation, sandbox, no Node and no webview, from app:// not file://', async () => {
    const { createMainWindow } = await import('../../../../main/app/main-window');
    createMainWindow('/opt/jumpgate/out');
    const window = electron().windows[0]!;
    const preferences = window.options.webPreferences as Record<string, unknown>;
    const on = ['contextIsolation', 'sandbox', 'webSecurity'];
    const off = ['nodeIntegration', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames', 'webviewTag', 'allowRunningInsecureContent'];
    expect([...on, ...off].map((name) => [name, preferences[name]])).toEqual([...on.map((name) => [name, true]), ...off.map((name) => [name, false])]);
    expect(preferences.preload).toBe('/opt/jumpgate/out/preload/index.cjs');
    expect(window.loadedUrl).toBe('app://jumpgate/index.html');
  });
});

describe('the app:// protocol', () => {
  it('serves the renderer with the CSP, and never follows a link out of its folder', async () => {
    const dir = makeTempDir('app-protocol');
    try {
      const root = join(dir.path, 'renderer');
      mkdirSync(root);
      mkdirSync(join(dir.path, 'private'));
      writeFileSync(join(root, 'index.html'), '<title>Jumpgate</title>');
      writeFileSync(join(dir.path, 'private', 'key.txt'), 'outside');
      symlinkSync(join(dir.path, 'private', 'key.txt'), join(root, 'leak.txt'));
      symlinkSync('../private', join(root, 'assets'));
      const { serveAppProtocol } = await import('../../../../main/app/app-protocol');
      serveAppProtocol(root);
      const serve = electron().protocols.get('app')!;
      const page = await serve(new Request('app://jumpgate/'));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Jumpgate');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect((await serve(new Request('app://jumpgate/leak.txt'))).status).toBe(404);
      expect((await serve(new Request('app://jumpgate/assets/key.txt'))).status).toBe(404);
    } finally {
      dir.dispose();
    }
  });
});

describe('app security', () => {
  async function contents() {
    const { applyAppSecurity } = await import('../../../../main/app/security');
    applyAppSecurity();
    await Promise.resolve();
    const webContents = Object.assign(new EventEmitter(), {
      openHandler: undefined as undefined | ((d: { url: string }) => unknown),
      setWindowOpenHandler(fn: (d: { url: string }) => unknown) {
        this.openHandler = fn;
      },
    });
    electron().appEvents.emit('web-contents-created', {}, webContents);
    return webContents;
  }

  it('denies navigation away from the app and every webview', async () => {
    const webContents = await contents();
    const away = { preventDefault: vi.fn() };
    webContents.emit('will-navigate', away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = { preventDefault: vi.fn() };
    webContents.emit('will-navigate', inside, 'app://jumpgate/index.html');
    expect(inside.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    webContents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('opens no new windows; http(s) links go to the system browser, other schemes nowhere', async () => {
    const webContents = await contents();
    expect(webContents.openHandler!({ url: 'https://example.com/docs' })).toEqual({ action: 'deny' });
    expect(webContents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(webContents.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(electron().opened).toEqual(['https://example.com/docs']);
  });

  it('denies every permission request and check', async () => {
    await contents();
    await new Promise((resolve) => setImmediate(resolve));
    const callback = vi.fn();
    electron().permission.request!({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(electron().permission.check!({}, 'clipboard-read')).toBe(false);
  });
});

describe('the preload', () => {
  it('exposes the contract methods and events and nothing else', async () => {
    await import('../../../../main/preload/index');
    const api = electron().exposed.get('jumpgate') as {
      invoke: (m: string, i: unknown) => Promise<unknown>;
      on: (e: string, l: (p: unknown) => void) => () => void;
    };
    expect([...electron().exposed.keys()]).toEqual(['jumpgate']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on', 'pathForFile']);
    await expect(api.invoke('profiles.list', {})).resolves.toEqual({ ok: true, value: 'from-main' });
    expect(electron().invoked).toEqual([{ channel: 'jumpgate:invoke', args: [{ method: 'profiles.list', input: {} }] }]);
    const refused = (await api.invoke('fs.readFile', { path: '/etc/shadow' })) as { ok: boolean; error: { code: string } };
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(electron().invoked).toHaveLength(1);
    expect(() => api.on('ipc.raw', () => {})).toThrow(/no event/);
  });

  it('tells the path of a file dropped from the desktop, through webUtils', async () => {
    await import('../../../../main/preload/index');
    const api = electron().exposed.get('jumpgate') as { pathForFile: (file: unknown) => string };
    expect(api.pathForFile({ name: 'notes.txt' })).toBe('/dropped/notes.txt');
    expect(electron().invoked).toEqual([]);
  });

  it('delivers only the subscribed event, and unsubscribes', async () => {
    await import('../../../../main/preload/index');
    const api = electron().exposed.get('jumpgate') as { on: (e: string, l: (p: unknown) => void) => () => void };
    const seen: unknown[] = [];
    const off = api.on('app.notice', (payload) => seen.push(payload));
    const emit = (message: unknown) =>
      electron()
        .rendererListeners.get('jumpgate:event')
        ?.forEach((listener) => listener({}, message));
    emit({ name: 'app.notice', payload: { level: 'info', text: 'hi' } });
    emit({ name: 'prompts.closed', payload: { promptId: 'x' } });
    off();
    emit({ name: 'app.notice', payload: { level: 'info', text: 'after' } });
    expect(seen).toEqual([{ level: 'info', text: 'hi' }]);
  });
});

describe('the IPC transport', () => {
  it("is the only caller of ipcMain.handle, and refuses messages from any frame but our window's main frame", async () => {
    const { serveIpc } = await import('../../../../main/ipc/electron-ipc');
    const { EventHub } = await import('../../../../main/rpc/event-hub');
    const calls: unknown[] = [];
    const router = {
      dispatch: (method: unknown, input: unknown, context: unknown) => (calls.push({ method, input, context }), Promise.resolve({ ok: true, value: {} })),
    };
    const { windows, module } = electron();
    const window = new module.BrowserWindow({});
    serveIpc(router as never, new EventHub(), window as never);
    expect([...electron().handlers.keys()]).toEqual(['jumpgate:invoke']);
    const handler = electron().handlers.get('jumpgate:invoke')!;
    await handler({ senderFrame: window.webContents.mainFrame }, { method: 'app.info', input: {} });
    await handler({ senderFrame: { url: 'app://jumpgate/index.html' } }, { method: 'app.info', input: {} });
    await handler({ senderFrame: window.webContents.mainFrame }, 'garbage');
    expect(calls).toEqual([
      { method: 'app.info', input: {}, context: { isTrustedSender: true, transport: 'electron', windowId: 'electron-window-1' } },
      { method: 'app.info', input: {}, context: { isTrustedSender: false, transport: 'electron', windowId: 'electron-window-1' } },
      { method: undefined, input: undefined, context: { isTrustedSender: true, transport: 'electron', windowId: 'electron-window-1' } },
    ]);
    expect(windows).toHaveLength(1);
  });

  it('keeps the window attached while its page reloads or its renderer crashes (reloaded), and lets it go when closed', async () => {
    const { serveIpc } = await import('../../../../main/ipc/electron-ipc');
    const { EventHub } = await import('../../../../main/rpc/event-hub');
    const links: string[] = [];
    const registry = { attach: (id: string) => (links.push(`+${id}`), { dispose: () => links.push(`-${id}`) }) };
    const window = new (electron().module.BrowserWindow)({});
    const served = serveIpc({ dispatch: () => Promise.resolve({ ok: true, value: {} }) } as never, new EventHub(), window as never, registry);
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(window.webContents.reloads).toBe(1);
    expect(links).toEqual(['+electron-window-1']);
    served.dispose();
    expect(links).toEqual(['+electron-window-1', '-electron-window-1']);
  });
});

describe('the native confirmation of changes that move trust', () => {
  const request = {
    message: 'Save the connection “x” with settings that run code?',
    detail: 'ProxyCommand nc %h %p',
    confirmLabel: 'Save',
    instead: 'Use ~/.ssh/config.',
  };

  it('is a message box of main, modal to the window, with Cancel as the default; only the first button confirms', async () => {
    const { nativeConfirmer } = await import('../../../../main/app/native-confirmer');
    const { BrowserWindow } = await import('electron');
    const window = new BrowserWindow({}) as never;
    const confirmer = nativeConfirmer(() => window);
    expect(await confirmer.confirm(request)).toBe(false);
    expect(electron().messageBoxes).toEqual([
      {
        window,
        options: expect.objectContaining({ message: request.message, detail: request.detail, buttons: ['Save', 'Cancel'], defaultId: 1, cancelId: 1 }),
      },
    ]);
    electron().messageBoxAnswer.response = 0;
    expect(await confirmer.confirm(request)).toBe(true);
  });

  it('asks without a parent when no window is open', async () => {
    const { nativeConfirmer } = await import('../../../../main/app/native-confirmer');
    electron().messageBoxAnswer.response = 0;
    expect(await nativeConfirmer(() => undefined).confirm(request)).toBe(true);
    expect(electron().messageBoxes[0]?.window).toBeUndefined();
  });
});
