import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The e2e tests drive the built renderer, served by the bridge as `npm run web` serves it:
 * build it (all electron-vite targets, as `npm start` would) before any test runs.
 * JUMPGATE_E2E_SKIP_BUILD=1 reuses out/renderer when iterating on tests alone.
 */
export default function setup(): void {
  if (process.env.JUMPGATE_E2E_SKIP_BUILD === '1' && existsSync('out/renderer/index.html')) return;
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
}
