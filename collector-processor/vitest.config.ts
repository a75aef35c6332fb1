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
    name: 'collector-processor',
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
