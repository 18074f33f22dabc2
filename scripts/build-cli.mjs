// Bundles the `jumpgate` command into one ESM file, and the transfer worker beside it (it is
// started from out/cli/transfer-worker.mjs, next to the command); npm packages stay external.
import { chmod } from 'node:fs/promises';
import { build } from 'esbuild';
import { nodeBundle } from './node-bundle.mjs';

await Promise.all([
  build({ ...nodeBundle, entryPoints: ['main/cli/index.ts'], outfile: 'out/cli/jumpgate.mjs', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...nodeBundle, entryPoints: ['main/sftp/transfer/transfer-worker.ts'], outfile: 'out/cli/transfer-worker.mjs' }),
]);
await chmod('out/cli/jumpgate.mjs', 0o755);
