// Bundles the `jumpgate` command into one ESM file; npm packages stay external.
import { chmod } from 'node:fs/promises';
import { build } from 'esbuild';
import { nodeBundle } from './node-bundle.mjs';

await build({ ...nodeBundle, entryPoints: ['main/cli/index.ts'], outfile: 'out/cli/jumpgate.mjs', banner: { js: '#!/usr/bin/env node' } });
await chmod('out/cli/jumpgate.mjs', 0o755);
