// Bundles the `jumpgate` command into one ESM file; npm packages stay external.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';

const outfile = 'out/cli/jumpgate.mjs';
await build({
  entryPoints: ['main/cli/index.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  banner: { js: '#!/usr/bin/env node' },
  sourcemap: 'linked',
  logLevel: 'warning',
});
await chmod(outfile, 0o755);
