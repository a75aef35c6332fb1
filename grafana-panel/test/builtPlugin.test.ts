// @vitest-environment node
/**
 * The plugin directory the build produces, as Grafana mounts it: plugin.json, module.js and every
 * file plugin.json names. Built with the package's own vite config into a temporary directory, so
 * it never races the browser test, which builds dist/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { panelPluginJsonErrors } from './panelPluginJson.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('built plugin directory', () => {
  let outDir: string;
  const read = (path: string) => readFileSync(join(outDir, path), 'utf8');

  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), 'anomalog-panel-build-'));
    execFileSync(process.execPath, [join(packageDir, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: packageDir,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  });

  afterAll(() => {
    if (outDir) {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('holds the same plugin.json as src/, and it passes the check', () => {
    expect(read('plugin.json')).toBe(readFileSync(join(packageDir, 'src/plugin.json'), 'utf8'));
    expect(panelPluginJsonErrors(JSON.parse(read('plugin.json')))).toEqual([]);
  });

  it('holds module.js as an AMD module, the form Grafana loads', () => {
    expect(read('module.js')).toMatch(/^define\(\[/);
  });

  it('holds every logo and screenshot plugin.json names, logos as SVG', () => {
    const { info } = JSON.parse(read('plugin.json'));
    for (const path of Object.values<string>(info.logos)) {
      expect(read(path)).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    }
    for (const { path } of info.screenshots as { path: string }[]) {
      expect(existsSync(join(outDir, path)), path).toBe(true);
    }
  });

  it('holds the README and LICENSE the plugin catalogue shows', () => {
    expect(read('README.md')).toMatch(/\S/);
    expect(read('LICENSE')).toMatch(/Apache License/);
  });
});
