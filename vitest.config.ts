import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['collector-processor', 'detector-service', 'grafana-panel', 'provisioning'],
  },
});
