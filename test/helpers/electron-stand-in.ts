import { EventEmitter } from 'node:events';

/** A menu template as Menu.buildFromTemplate receives it. */
export type MenuTemplate = { label?: string; type?: string; enabled?: boolean; click?: () => void; submenu?: MenuTemplate }[];

/**
 * A stand-in for the 'electron' module, recording what the app registers, so main/app, main/ipc
 * and main/preload are tested under Node where the Electron binary cannot run.
 */
export function createElectronStandIn() {
  const appEvents = new EventEmitter();
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  /** ipcMain.on listeners, by channel (the cancel channel). */
  const mainListeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const protocols = new Map<string, (request: Request) => Promise<Response>>();
  const windows: FakeBrowserWindow[] = [];
  const exposed = new Map<string, unknown>();
  const rendererListeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const invoked: { channel: string; args: unknown[] }[] = [];
  /** What the preload sent one way (ipcRenderer.send). */
  const sentToMain: { channel: string; args: unknown[] }[] = [];
  const opened: string[] = [];
  /** Native message boxes shown, and the button index the next ones answer (0: the first button). */
  const messageBoxes: { window: unknown; options: Record<string, unknown> }[] = [];
  const messageBoxAnswer = { response: 1 };
  const powerMonitor = new EventEmitter();
  /** Tray icons made, each with its tooltip, its current menu template and whether it was destroyed. */
  const trays: { icon: unknown; tooltip?: string; menu?: MenuTemplate; isDestroyed: boolean }[] = [];
  /** What net.isOnline() answers; a test flips it to simulate the network going and coming back. */
  const network = { isOnline: true };
  const permission = { request: undefined as undefined | ((...a: unknown[]) => void), check: undefined as undefined | ((...a: unknown[]) => boolean) };

  class FakeBrowserWindow {
    readonly options: Record<string, unknown>;
    readonly webContents = Object.assign(new EventEmitter(), {
      id: windows.length + 1,
      reloads: 0,
      reload() {
        this.reloads++;
      },
      mainFrame: { url: 'app://jumpgate/index.html' },
      sent: [] as unknown[],
      send(channel: string, payload: unknown) {
        this.sent.push({ channel, payload });
      },
    });
    loadedUrl: string | undefined;
    constructor(options: Record<string, unknown>) {
      this.options = options;
      windows.push(this);
    }
    once() {}
    on() {}
    loadURL(url: string) {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    static getAllWindows() {
      return windows;
    }
    static getFocusedWindow() {
      return windows[0] ?? null;
    }
  }

  class FakeTray {
    private readonly record: (typeof trays)[number];
    constructor(icon: unknown) {
      this.record = { icon, isDestroyed: false };
      trays.push(this.record);
    }
    setToolTip(text: string) {
      this.record.tooltip = text;
    }
    setContextMenu(menu: { template: MenuTemplate }) {
      this.record.menu = menu.template;
    }
    destroy() {
      this.record.isDestroyed = true;
    }
  }

  const module = {
    app: Object.assign(appEvents, {
      whenReady: () => Promise.resolve(),
      requestSingleInstanceLock: () => true,
      quit: () => {},
    }),
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: (channel: string, handler: (...args: unknown[]) => unknown) => handlers.set(channel, handler),
      removeHandler: (channel: string) => handlers.delete(channel),
      on: (channel: string, listener: (...args: unknown[]) => void) => {
        if (!mainListeners.has(channel)) mainListeners.set(channel, new Set());
        mainListeners.get(channel)!.add(listener);
      },
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => mainListeners.get(channel)?.delete(listener),
    },
    ipcRenderer: {
      /** Main's answer to a call frame: a result frame for its id. */
      invoke: (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args });
        return Promise.resolve({ type: 'result', id: (args[0] as { id?: unknown } | undefined)?.id, result: { ok: true, value: 'from-main' } });
      },
      send: (channel: string, ...args: unknown[]) => void sentToMain.push({ channel, args }),
      on: (channel: string, listener: (...args: unknown[]) => void) => {
        if (!rendererListeners.has(channel)) rendererListeners.set(channel, new Set());
        rendererListeners.get(channel)!.add(listener);
      },
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => rendererListeners.get(channel)?.delete(listener),
    },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    webUtils: { getPathForFile: (file: { name: string }) => `/dropped/${file.name}` },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: (...a: unknown[]) => void) => (permission.request = fn),
        setPermissionCheckHandler: (fn: (...a: unknown[]) => boolean) => (permission.check = fn),
      },
    },
    dialog: {
      showMessageBox: (...args: unknown[]) => {
        const [window, options] = args.length > 1 ? args : [undefined, args[0]];
        messageBoxes.push({ window, options: options as Record<string, unknown> });
        return Promise.resolve({ response: messageBoxAnswer.response, checkboxChecked: false });
      },
    },
    powerMonitor,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: MenuTemplate) => ({ template }) },
    nativeImage: { createFromPath: (path: string) => ({ path, resize: (size: unknown) => ({ path, size }) }) },
    net: { isOnline: () => network.isOnline },
    shell: { openExternal: (url: string) => (opened.push(url), Promise.resolve()) },
    protocol: {
      registerSchemesAsPrivileged: () => {},
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => protocols.set(scheme, handler),
    },
    safeStorage: {
      isEncryptionAvailable: () => false,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: () => Buffer.alloc(0),
      decryptString: () => '',
    },
  };
  /** Forgets everything recorded, so one stand-in can serve a whole test file (vi.mock is hoisted once). */
  const reset = () => {
    handlers.clear();
    mainListeners.clear();
    sentToMain.length = 0;
    protocols.clear();
    windows.length = 0;
    exposed.clear();
    rendererListeners.clear();
    invoked.length = 0;
    opened.length = 0;
    messageBoxes.length = 0;
    messageBoxAnswer.response = 1;
    permission.request = undefined;
    permission.check = undefined;
    appEvents.removeAllListeners();
    powerMonitor.removeAllListeners();
    trays.length = 0;
    network.isOnline = true;
  };
  return {
    module,
    handlers,
    mainListeners,
    sentToMain,
    protocols,
    windows,
    exposed,
    rendererListeners,
    invoked,
    opened,
    permission,
    appEvents,
    powerMonitor,
    network,
    trays,
    messageBoxes,
    messageBoxAnswer,
    reset,
  };
}
