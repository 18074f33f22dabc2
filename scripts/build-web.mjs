// Bundles the `npm run web` server (the app core behind the WebSocket bridge).
import { build } from 'esbuild';
import { nodeBundle } from './node-bundle.mjs';

// The transfer worker sits beside the server: large files are copied on worker threads.
await Promise.all([
  build({ ...nodeBundle, entryPoints: ['main/bridge/web.ts'], outfile: 'out/web/server.mjs' }),
  build({ ...nodeBundle, entryPoints: ['main/sftp/transfer/transfer-worker.ts'], outfile: 'out/web/transfer-worker.mjs' }),
]);
