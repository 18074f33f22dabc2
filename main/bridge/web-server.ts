import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createAppCore } from '../core/app-core';
import { confBackend } from '../storage/store-backend';
import { type BridgeHandle, startBridge } from './bridge-server';

export interface WebServerOptions {
  dataDir: string;
  staticDir?: string;
  host?: string;
  port?: number;
  token?: string;
  open?: boolean;
  log?: (line: string) => void;
}

/** `npm run web` without the command line: the app core behind the bridge, serving the renderer. */
export async function startWebServer(options: WebServerOptions): Promise<BridgeHandle> {
  const core = createAppCore({
    dataDir: options.dataDir,
    transport: 'web',
    backend: confBackend(),
    versions: { node: process.versions.node },
    log: options.log,
  });
  const bridge = await startBridge({
    router: core.router,
    hub: core.hub,
    staticDir: resolve(options.staticDir ?? 'out/renderer'),
    host: options.host,
    port: options.port,
    token: options.token,
    log: options.log,
  });
  if (options.open) openInBrowser(bridge.url);
  return {
    ...bridge,
    close: async () => {
      core.dispose();
      await bridge.close();
    },
  };
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => {});
  child.unref();
}
