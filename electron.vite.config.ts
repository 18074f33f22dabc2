import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// main: the Electron main process (owns every socket, file and secret); preload: the bridge
// between the sandboxed renderer and main, exposing the contract and nothing else; renderer: the
// UI, also served to a browser by `npm run web`.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The transfer worker is an entry of its own, beside index.js: large files are copied on worker threads.
      rollupOptions: { input: { index: resolve('main/index.ts'), 'transfer-worker': resolve('main/sftp/transfer/transfer-worker.ts') } },
      externalizeDeps: true,
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot load ES modules or other files: one CommonJS bundle.
      rollupOptions: { input: { index: resolve('main/preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
      externalizeDeps: { exclude: ['zod'] },
    },
  },
  renderer: {
    root: resolve('renderer'),
    base: './',
    build: {
      outDir: resolve('out/renderer'),
      minify: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
    plugins: [react()],
  },
});
