import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

function versionOf(pkg: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
}

/**
 * Bundles the host modules (React, @grafana/data, @grafana/ui, @emotion/css) into one browser
 * script exposing `window.AnomalogHost`, cached by package versions under node_modules/.cache
 * so only the first run pays for it. Returns the file path.
 */
export async function bundleHostModules(cacheDir: string): Promise<string> {
  const key = ['react', 'react-dom', '@grafana/data', '@grafana/ui', '@emotion/css'].map((p) => `${p}@${versionOf(p)}`).join(',');
  const digest = Buffer.from(key).toString('base64url').slice(0, 48);
  const file = join(cacheDir, `host-${digest}.js`);
  if (existsSync(file)) {
    return file;
  }
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  await build({
    entryPoints: [new URL('./hostModules.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    globalName: 'AnomalogHost',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    outfile: partial,
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: { '.css': 'empty', '.svg': 'text', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'empty' },
    logLevel: 'error',
    legalComments: 'none',
  });
  renameSync(partial, file);
  return file;
}
