import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'grafana-panel',
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    setupFiles: ['./test/setup.ts'],
    testTimeout: 30_000,
    // @grafana/* ship ESM that imports CommonJS packages by named export (moment-timezone);
    // letting vite transform them gives those imports the CommonJS interop they need.
    server: { deps: { inline: [/@grafana\//] } },
    // The browser test builds bundles and drives Chromium; give it room on a shared 2-core machine.
    hookTimeout: 180_000,
  },
});
