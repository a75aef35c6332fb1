import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';

const dir = fileURLToPath(new URL('../../../provisioning/anomalog/', import.meta.url));

describe('the configuration files shipped in provisioning/anomalog', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    it(`${file} validates against the service schema`, () => {
      const config = loadConfig({ configFile: `${dir}${file}` });
      expect(config.exporters.length).toBeGreaterThan(0);
    });
  }
});
