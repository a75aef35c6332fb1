import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gcMode, SERVICE_NODE_FLAGS } from './node-flags.js';

describe('the V8 flags the service runs with', () => {
  it('are what `npm start` starts `anomalog serve` with', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    const launch = pkg.scripts.start.split('&&').at(-1)!.trim().split(/\s+/);
    expect(launch).toEqual(['node', ...SERVICE_NODE_FLAGS, 'detector-service/dist/cli/main.js', 'serve']);
  });

  it('name the garbage collection mode the ready line reports', () => {
    expect(gcMode(SERVICE_NODE_FLAGS)).toBe('single-threaded');
    expect(gcMode([])).toBe('parallel');
  });
});
