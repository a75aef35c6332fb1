import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: {
    // Tests run against the sources of the sibling package, not its build output.
    alias: {
      '@anomalog/collector-processor': fileURLToPath(
        new URL('../collector-processor/src/index.ts', import.meta.url),
      ),
    },
  },
  test: {
    name: 'provisioning',
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    // The dashboard checks use the panel's own query recogniser, which imports @grafana/data:
    // its ESM imports CommonJS packages by named export, so vite must transform it.
    server: { deps: { inline: [/@grafana\//] } },
    // The stack integration test builds nothing but starts Anomalog, the generator and Prometheus.
    hookTimeout: 120_000,
  },
});
