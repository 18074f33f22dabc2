import { EventEmitter } from 'node:events';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../../helpers/temp-dir';
import { beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { pollUntil } from '../../../helpers/poll-until';
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
  it('exposes the contract methods and events and nothing else, sending shared/ipc call frames', async () => {
    await import('../../../../main/preload/index');
    const api = electron().exposed.get('jumpgate') as {
      invoke: (m: string, i: unknown, id?: number) => Promise<unknown>;
      on: (e: string, l: (p: unknown) => void) => () => void;
    };
    expect([...electron().exposed.keys()]).toEqual(['jumpgate']);
    expect(Object.keys(api).sort()).toEqual(['cancel', 'invoke', 'on', 'pathForFile']);
    await expect(api.invoke('profiles.list', {}, 7)).resolves.toEqual({ type: 'result', id: 7, result: { ok: true, value: 'from-main' } });
    expect(electron().invoked).toEqual([{ channel: 'jumpgate:invoke', args: [{ type: 'call', id: 7, method: 'profiles.list', input: {} }] }]);
    const refused = (await api.invoke('fs.readFile', { path: '/etc/shadow' }, 8)) as { id: number; result: { ok: boolean; error: { code: string } } };
    expect(refused).toMatchObject({ type: 'result', id: 8, result: { ok: false, error: { code: 'INVALID_ARGUMENT' } } });
    expect(electron().invoked).toHaveLength(1);
    expect(() => api.on('ipc.raw', () => {})).toThrow(/no event/);
  });

  it('sends a cancel frame for a call the renderer gave up on', async () => {
    await import('../../../../main/preload/index');
    const api = electron().exposed.get('jumpgate') as { cancel: (id: number) => void };
    api.cancel(7);
    expect(electron().sentToMain).toEqual([{ channel: 'jumpgate:cancel', args: [{ type: 'cancel', id: 7 }] }]);
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
      dispatch: (method: unknown, input: unknown, { signal, ...context }: { signal: AbortSignal }) => (
        calls.push({ method, input, context, hasSignal: signal instanceof AbortSignal }),
        Promise.resolve({ ok: true, value: {} })
      ),
    };
    const { windows, module } = electron();
    const window = new module.BrowserWindow({});
    const lines: string[] = [];
    serveIpc(router as never, new EventHub(), window as never, undefined, (line) => lines.push(line));
    expect([...electron().handlers.keys()]).toEqual(['jumpgate:invoke']);
    const handler = electron().handlers.get('jumpgate:invoke')!;
    const call = { type: 'call', id: 1, method: 'app.info', input: {} };
    expect(await handler({ senderFrame: window.webContents.mainFrame }, call)).toEqual({ type: 'result', id: 1, result: { ok: true, value: {} } });
    await handler({ senderFrame: { url: 'app://jumpgate/index.html' } }, { ...call, id: 2 });
    const garbage = await handler({ senderFrame: window.webContents.mainFrame }, 'garbage');
    const context = { transport: 'electron', windowId: 'electron-window-1' };
    expect(calls).toEqual([
      { method: 'app.info', input: {}, context: { isTrustedSender: true, ...context }, hasSignal: true },
      { method: 'app.info', input: {}, context: { isTrustedSender: false, ...context }, hasSignal: true },
    ]);
    expect(garbage).toMatchObject({ type: 'error', error: { code: 'INVALID_ARGUMENT' } });
    expect(lines).toEqual(['ipc: refused a frame: malformed frame (frame: invalid_type)']);
    expect(windows).toHaveLength(1);
  });

  it('aborts a call on its cancel frame, and every call when the page goes; a refused frame is logged without its input', async () => {
    const { serveIpc } = await import('../../../../main/ipc/electron-ipc');
    const { EventHub } = await import('../../../../main/rpc/event-hub');
    const signals = new Map<number, AbortSignal>();
    const router = {
      dispatch: (_method: unknown, input: { n: number }, { signal }: { signal: AbortSignal }) => {
        signals.set(input.n, signal);
        return new Promise((resolve) => signal.addEventListener('abort', () => resolve({ ok: false, error: { code: 'SFTP_CANCELLED', message: 'x' } })));
      },
    };
    const window = new (electron().module.BrowserWindow)({});
    const lines: string[] = [];
    serveIpc(router as never, new EventHub(), window as never, undefined, (line) => lines.push(line));
    const handler = electron().handlers.get('jumpgate:invoke')!;
    const cancel = (senderFrame: unknown, frame: unknown) =>
      electron()
        .mainListeners.get('jumpgate:cancel')!
        .forEach((listener) => listener({ senderFrame }, frame));
    const mainFrame = window.webContents.mainFrame;
    const first = handler({ senderFrame: mainFrame }, { type: 'call', id: 1, method: 'files.count', input: { n: 1 } });
    void handler({ senderFrame: mainFrame }, { type: 'call', id: 2, method: 'files.count', input: { n: 2 } });
    cancel({ url: 'https://evil.example/' }, { type: 'cancel', id: 1 });
    cancel(mainFrame, { type: 'cancel', id: '1', secret: 'hunter2' });
    expect(signals.get(1)!.aborted).toBe(false);
    cancel(mainFrame, { type: 'cancel', id: 1 });
    expect(signals.get(1)!.aborted).toBe(true);
    expect(await first).toEqual({ type: 'result', id: 1, result: { ok: false, error: { code: 'SFTP_CANCELLED', message: 'x' } } });
    expect(signals.get(2)!.aborted).toBe(false);
    window.webContents.emit('did-navigate');
    expect(signals.get(2)!.aborted).toBe(true);
    await handler({ senderFrame: mainFrame }, { type: 'call', id: 3, method: 'vault.unlock', input: { passphrase: 'hunter2' }, extra: true });
    expect(lines).toEqual([
      'ipc: refused a cancel frame: the sender is not this app',
      'ipc: refused a cancel frame: malformed frame (id: invalid_type)',
      'ipc: refused a frame calling "vault.unlock": malformed frame (frame: unrecognized_keys)',
    ]);
    expect(lines.join('\n')).not.toContain('hunter2');
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

describe('the preload, the IPC transport and the renderer together', () => {
  it('speak the same frames: a call answers through them, and aborting it in the renderer aborts the handler in main', async () => {
    const { serveIpc } = await import('../../../../main/ipc/electron-ipc');
    const { EventHub } = await import('../../../../main/rpc/event-hub');
    const { createApi } = await import('../../../../renderer/api/create-api');
    const { createElectronTransport } = await import('../../../../renderer/api/electron-transport');
    const signals: AbortSignal[] = [];
    const router = {
      dispatch: (method: string, _input: unknown, { signal }: { signal: AbortSignal }) => {
        if (method === 'vault.status') return Promise.resolve({ ok: true, value: { state: 'locked', protection: 'passphrase', osKeyring: 'unavailable' } });
        signals.push(signal);
        return new Promise(() => {});
      },
    };
    const { module, handlers, mainListeners, exposed } = electron();
    const window = new module.BrowserWindow({});
    serveIpc(router as never, new EventHub(), window as never);
    // The page's side of the IPC goes straight to main's, from our window's main frame.
    const fromPage = { senderFrame: window.webContents.mainFrame };
    const { invoke, send } = module.ipcRenderer;
    onTestFinished(() => void Object.assign(module.ipcRenderer, { invoke, send }));
    module.ipcRenderer.invoke = async (channel: string, ...args: unknown[]) => handlers.get(channel)!(fromPage, ...args) as never;
    module.ipcRenderer.send = (channel: string, ...args: unknown[]) => void mainListeners.get(channel)?.forEach((listener) => listener(fromPage, ...args));
    await import('../../../../main/preload/index');
    const api = createApi(createElectronTransport(exposed.get('jumpgate') as never));

    expect(await api['vault.status']({})).toEqual({ ok: true, value: { state: 'locked', protection: 'passphrase', osKeyring: 'unavailable' } });
    const controller = new AbortController();
    const counting = api['files.count']({ side: 'local', paths: ['/big'] }, { signal: controller.signal });
    await pollUntil(() => signals.length === 1, { message: 'the count dispatched in main' });
    controller.abort();
    expect(await counting).toMatchObject({ ok: false, error: { code: 'CALL_CANCELLED' } });
    expect(signals[0]!.aborted).toBe(true);
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

describe('the wake sources', () => {
  it('feed the wake signal from resume, unlock and the network coming back, and let go when disposed', async () => {
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    const { watchPowerAndNetwork } = await import('../../../../main/app/wake-sources');
    const heard: string[] = [];
    const watch = watchPowerAndNetwork((reason) => heard.push(reason), 1_000);
    electron().powerMonitor.emit('resume');
    electron().powerMonitor.emit('unlock-screen');
    vi.advanceTimersByTime(3_000);
    expect(heard).toEqual(['resume', 'unlock']);
    electron().network.isOnline = false;
    vi.advanceTimersByTime(1_000);
    electron().network.isOnline = true;
    vi.advanceTimersByTime(1_000);
    vi.advanceTimersByTime(5_000);
    expect(heard).toEqual(['resume', 'unlock', 'online']);
    watch.dispose();
    electron().powerMonitor.emit('resume');
    expect(heard).toHaveLength(3);
    expect(electron().powerMonitor.listenerCount('resume')).toBe(0);
  });
});

describe('the tray', () => {
  it('shows the tunnels in its menu, rebuilds it on each change, runs what is clicked, and goes away when disposed', async () => {
    const { createAppTray } = await import('../../../../main/app/tray');
    const { Emitter } = await import('../../../../shared/base/event');
    const changed = new Emitter<unknown>();
    let state: 'stopped' | 'up' = 'stopped';
    const list = () => [
      {
        profile: { name: 'db' } as never,
        status: { name: 'db', state, attempt: 0, forwards: [] },
      },
    ];
    const clicked: unknown[] = [];
    const tray = createAppTray({ iconPath: '/opt/jumpgate/icon.png', list, onDidChange: changed.event, run: (action) => clicked.push(action) });
    const [icon] = electron().trays;
    expect(icon).toMatchObject({ tooltip: 'Jumpgate', isDestroyed: false, icon: { path: '/opt/jumpgate/icon.png', size: { width: 16, height: 16 } } });
    expect(icon!.menu!.map((item) => item.label ?? item.type)).toEqual(['db — stopped', 'separator', 'Open Jumpgate', 'Quit Jumpgate']);
    icon!.menu![0]!.submenu![0]!.click!();
    expect(clicked).toEqual([{ kind: 'start', name: 'db' }]);

    state = 'up';
    changed.fire(undefined);
    expect(icon!.menu![0]!.label).toBe('db — up');
    expect(icon!.menu![0]!.submenu!.map((item) => item.label)).toEqual(['Stop']);
    icon!.menu![3]!.click!();
    expect(clicked.at(-1)).toEqual({ kind: 'quit' });

    tray.dispose();
    expect(icon!.isDestroyed).toBe(true);
    state = 'stopped';
    changed.fire(undefined);
    expect(icon!.menu![0]!.label).toBe('db — up');
  });
});
