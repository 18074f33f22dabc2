import { resolve } from 'node:path';
import { TimerGapDetector } from '../base/wake-signal';
import { createAppRpc } from '../rpc/app-rpc';
import { confBackend } from '../storage/store-backend';
import { type BridgeHandle, startBridge } from './bridge-server';
import { type Spawner, openInBrowser } from './browser-launcher';

export interface WebServerOptions {
  dataDir: string;
  staticDir?: string;
  host?: string;
  port?: number;
  token?: string;
  open?: boolean;
  /** How the browser is started (tests record it). */
  spawn?: Spawner;
  log?: (line: string) => void;
}

/** `npm run web` without the command line: the app core behind the bridge, serving the renderer. */
export async function startWebServer(options: WebServerOptions): Promise<BridgeHandle> {
  const core = createAppRpc({
    dataDir: options.dataDir,
    transport: 'web',
    backend: confBackend(),
    versions: { node: process.versions.node },
    log: options.log,
  });
  const bridge = await startBridge({
    router: core.router,
    hub: core.hub,
    windows: core.windows,
    staticDir: resolve(options.staticDir ?? 'out/renderer'),
    host: options.host,
    port: options.port,
    token: options.token,
    log: options.log,
  });
  // No power events outside Electron: a timer that fires long after it was due means the machine slept.
  const gaps = new TimerGapDetector(core.wake).start();
  const launch = options.open ? openInBrowser(bridge.url, { dir: options.dataDir, spawn: options.spawn }) : undefined;
  return {
    ...bridge,
    close: async () => {
      launch?.dispose();
      gaps.dispose();
      core.dispose();
      await bridge.close();
    },
  };
}
