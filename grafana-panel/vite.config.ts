import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Libraries Grafana itself provides to plugins at run time (its SystemJS shared modules). They
 * stay external, so the plugin uses Grafana's own React, theme and data classes, and dist stays small.
 */
export const GRAFANA_EXTERNALS: ReadonlyArray<string | RegExp> = [
  'react',
  'react-dom',
  /^@grafana\/(data|ui|runtime|schema|e2e-selectors|i18n)(\/.*)?$/,
  '@emotion/css',
  '@emotion/react',
  /^lodash(\/.*)?$/,
  /^rxjs(\/.*)?$/,
  /^d3(-.*)?$/,
  'moment',
  'jquery',
  'react-redux',
  'redux',
  'react-router',
  'react-router-dom',
  'slate',
  'slate-plain-serializer',
  '@grafana/slate-react',
  'prismjs',
];

function isExternal(id: string): boolean {
  return GRAFANA_EXTERNALS.some((e) => (typeof e === 'string' ? e === id : e.test(id)));
}

/** Files Grafana reads next to module.js: plugin.json, the logo, README, LICENSE, CHANGELOG. */
function copyPluginFiles(): Plugin {
  let out = join(here, 'dist');
  return {
    name: 'anomalog-copy-plugin-files',
    // Into the build's own output directory, so a build with --outDir is complete too.
    configResolved(config) {
      out = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      mkdirSync(join(out, 'img'), { recursive: true });
      cpSync(join(here, 'src/plugin.json'), join(out, 'plugin.json'));
      cpSync(join(here, 'src/img'), join(out, 'img'), { recursive: true });
      for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md']) {
        if (existsSync(join(here, file))) {
          cpSync(join(here, file), join(out, file));
        }
      }
      // The marketplace screenshots are the ones the browser test takes.
      for (const theme of ['dark', 'light']) {
        const shot = join(here, `docs/panel-${theme}.png`);
        if (existsSync(shot)) {
          cpSync(shot, join(out, `img/screenshot-${theme}.png`));
        }
      }
    },
  };
}

export default defineConfig({
  // Library build: React's own production code paths, and no HTML entry.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  publicDir: false,
  // Production JSX whatever NODE_ENV the build inherits (vitest runs it with NODE_ENV=test):
  // Grafana's React has no jsxDEV.
  esbuild: { jsxDev: false },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    minify: true,
    sourcemap: true,
    rollupOptions: {
      input: join(here, 'src/module.ts'),
      external: isExternal,
      preserveEntrySignatures: 'strict',
      output: {
        // Grafana loads plugin modules with SystemJS, which takes AMD: define([...deps], factory).
        format: 'amd',
        entryFileNames: 'module.js',
        inlineDynamicImports: true,
      },
    },
  },
  plugins: [copyPluginFiles()],
});
