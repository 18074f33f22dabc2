import { defineConfig } from 'vitest/config';

// End-to-end: the built renderer in Debian's Chromium, through the browser bridge.
// `npx vitest run -c vitest.e2e.config.ts`; the global setup builds the renderer first.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One Chromium at a time is plenty for two cores.
    maxWorkers: 1,
    fileParallelism: false,
  },
});
