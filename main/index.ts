import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';
import { registerAppScheme, serveAppProtocol } from './app/app-protocol';
import { electronOsEncryption } from './app/os-encryption';
import { electronStoreBackend } from './app/electron-store-backend';
import { createMainWindow } from './app/main-window';
import { nativeConfirmer } from './app/native-confirmer';
import { applyAppSecurity } from './app/security';
import { watchPowerAndNetwork } from './app/wake-sources';
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
  const window = createMainWindow(outDir);
  const ipc = serveIpc(core.router, core.hub, window, core.windows, log);
  app.on('second-instance', () => (window.isMinimized() ? window.restore() : window.focus()));
  app.on('window-all-closed', () => {
    wakeSources.dispose();
    ipc.dispose();
    core.dispose();
    app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(outDir);
  });
});
