// Bundles the `npm run web` server (the app core behind the WebSocket bridge).
import { build } from 'esbuild';
import { nodeBundle } from './node-bundle.mjs';

await build({ ...nodeBundle, entryPoints: ['main/bridge/web.ts'], outfile: 'out/web/server.mjs' });
