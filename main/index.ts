import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';
import { registerAppScheme, serveAppProtocol } from './app/app-protocol';
import { electronOsEncryption } from './app/os-encryption';
import { electronStoreBackend } from './app/electron-store-backend';
import { createMainWindow } from './app/main-window';
import { nativeConfirmer } from './app/native-confirmer';
import { applyAppSecurity } from './app/security';
import { watchPowerAndNetwork } from './app/wake-sources';
import { createAppTray } from './app/tray';
import { runTrayAction } from './core/tray-menu';
import type { Disposable } from '../shared/base/disposable';
import { createAppRpc } from './rpc/app-rpc';
import { installLastResort } from './core/last-resort';
import { serveIpc } from './ipc/electron-ipc';
import { dataDir } from './storage/data-dir';

// The composition root: build the core, wire the Electron transport, open the window.
const outDir = join(import.meta.dirname, '..');
// A fault nobody caught is logged and ends only the connection it came from; the app serves on.
installLastResort();
registerAppScheme();
applyAppSecurity();
if (!app.requestSingleInstanceLock()) app.quit();

app.whenReady().then(() => {
  serveAppProtocol(join(outDir, 'renderer'));
  const log = (line: string) => console.error(line);
  const core = createAppRpc({
    dataDir: dataDir(),
    transport: 'electron',
    backend: electronStoreBackend(),
    osEncryption: electronOsEncryption(),
    versions: { node: process.versions.node, electron: process.versions.electron, chrome: process.versions.chrome },
    confirmer: nativeConfirmer(() => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]),
    log,
  });
  // Waking from sleep or getting the network back retries tunnels and terminals at once.
  const wakeSources = watchPowerAndNetwork((reason) => core.wake.fire(reason));
  let window: BrowserWindow | undefined;
  let ipc: Disposable | undefined;
  const openWindow = () => {
    if (window && !window.isDestroyed()) return window.isMinimized() ? window.restore() : window.focus();
    ipc?.dispose();
    window = createMainWindow(outDir);
    ipc = serveIpc(core.router, core.hub, window, core.windows, log);
  };
  const quit = () => {
    tray.dispose();
    wakeSources.dispose();
    ipc?.dispose();
    core.dispose();
    app.quit();
  };
  // The tray lists the tunnels, starts and stops them, opens the window and quits.
  const tray = createAppTray({
    iconPath: app.isPackaged ? join(process.resourcesPath, 'tray-icon.png') : join(outDir, '..', 'build', 'icon.png'),
    list: () => core.tunnels.list(),
    onDidChange: core.tunnels.onDidChangeStatus,
    run: (action) => runTrayAction(action, { tunnels: core.tunnels, openWindow, quit, log }),
  });
  openWindow();
  app.on('second-instance', openWindow);
  app.on('window-all-closed', () => {
    if (!core.settings.get().keepTunnelsInTray) return quit();
    // Kept in the tray: the tunnels run on; the window's terminals close after the grace period.
    ipc?.dispose();
    ipc = undefined;
    window = undefined;
  });
  app.on('activate', openWindow);
});
