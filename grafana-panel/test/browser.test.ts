// @vitest-environment node
/**
 * The built plugin in a real browser, loaded the way Grafana loads it: dist/module.js through an
 * AMD loader (requirejs), its externals supplied by the real react / @grafana/data / @grafana/ui
 * packages bundled for the browser, in Debian's Chromium driven by playwright-core. Frames are
 * shaped like Prometheus and Loki query results; both themes are drawn and screenshotted into
 * docs/ (the README shows them).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../src/types.js';
import { bundleHostModules } from './browser/bundleHost.js';
import { serve } from './browser/server.js';
import { anomaliesFrames, END_MS, lokiAnomalyFrame, scoreBucketFrames, serviceGraphFrames } from './fixtures/queryResults.js';

const require = createRequire(import.meta.url);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const distDir = join(packageDir, 'dist');
const docsDir = join(packageDir, 'docs');
const CHROMIUM = '/usr/bin/chromium';
const HOUR = 60 * 60_000;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ with the package's own vite build when it is missing or older than the sources. */
function ensureBuilt(): void {
  const moduleJs = join(distDir, 'module.js');
  if (existsSync(moduleJs) && statSync(moduleJs).mtimeMs >= newestMtime(join(packageDir, 'src'))) {
    return;
  }
  execFileSync(process.execPath, [join(packageDir, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: packageDir,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

const dashboardFrames = [
  ...anomaliesFrames({ services: 12, points: 60 }),
  ...scoreBucketFrames(),
  ...serviceGraphFrames({ services: 14, ips: 8, users: 4 }),
  lokiAnomalyFrame({ rows: 300, services: 12 }),
];

// Skipped only on a developer machine without Chromium; CI installs it (scripts/ensure-system-deps.sh), so there it must run.
describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('built plugin in Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  let server: Awaited<ReturnType<typeof serve>>;
  let userDataDir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    const host = await bundleHostModules(join(packageDir, '..', 'node_modules', '.cache', 'anomalog-panel-browser'));
    server = await serve({
      '/': join(packageDir, 'test/browser/page.html'),
      '/host.js': host,
      '/require.js': require.resolve('requirejs/require.js'),
      '/plugin/module.js': join(distDir, 'module.js'),
    });
    userDataDir = mkdtempSync(join(tmpdir(), 'anomalog-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      viewport: { width: 1440, height: 1000 },
      deviceScaleFactor: 1,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/`);
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (userDataDir) {
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });

  async function render(args: { frames: unknown[]; mode: 'dark' | 'light'; width: number; height: number; options?: object; spanMs?: number }) {
    return page.evaluate((a) => (window as never as { renderPanel: (x: unknown) => Promise<{ renderMs: number }> }).renderPanel(a), {
      frames: args.frames,
      options: { ...DEFAULT_OPTIONS, ...(args.options ?? {}) },
      mode: args.mode,
      width: args.width,
      height: args.height,
      fromMs: END_MS - (args.spanMs ?? HOUR),
      toMs: END_MS,
      lokiUid: 'loki',
    });
  }

  for (const mode of ['dark', 'light'] as const) {
    it(`draws all four views in the ${mode} theme and saves screenshots`, async () => {
      await render({ frames: dashboardFrames, mode, width: 1400, height: 860 });
      // Timeline: 60 one-minute bars stacked by class, the score overlay and the class legend.
      const bars = await page.locator('[data-testid="timeline-marks"] rect').count();
      expect(bars).toBeGreaterThan(60);
      expect(await page.locator('[data-testid="timeline-scores"] circle').count()).toBeGreaterThan(10);
      const legend = await page.locator('[data-testid="class-legend"]').innerText();
      for (const title of ['Security', 'System failure', 'Performance', 'Network', 'Config', 'Hardware']) {
        expect(legend).toContain(title);
      }
      // Histogram: the 20 documented buckets and the threshold marker.
      expect(await page.locator('[data-testid="histogram-bars"] rect').count()).toBe(20);
      expect(await page.locator('[data-testid="histogram-threshold"]').count()).toBe(1);
      // Service graph: 14 services, 8 client IPs and 4 users.
      expect(await page.locator('[data-testid="graph-node"]').count()).toBe(26);
      expect(await page.locator('[data-testid="graph-edges"] line').count()).toBeGreaterThan(20);
      // Recent anomalies: one row per Loki record (table cap 200).
      expect(await page.locator('[data-testid="recent-row"]').count()).toBe(200);
      // The theme reached the drawing: the histogram's low-score bars use the theme's primary colour.
      const fill = await page.locator('[data-testid="histogram-bars"] rect').first().getAttribute('fill');
      expect(fill).toBe(mode === 'dark' ? '#3d71d9' : '#3871dc');

      await page.locator('#panel').screenshot({ path: join(docsDir, `panel-${mode}.png`) });
      for (const view of ['timeline', 'histogram', 'graph', 'table']) {
        await page.locator(`[data-testid="view-${view}"]`).screenshot({ path: join(docsDir, `${view}-${mode}.png`) });
      }
      expect(pageErrors).toEqual([]);
    });
  }

  it('shows the interval tooltip with templates on hover and filters views by a clicked node', async () => {
    await render({ frames: dashboardFrames, mode: 'dark', width: 1400, height: 860 });
    const hit = page.locator('[data-testid="timeline-hit"]');
    const box = (await hit.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
    const tooltip = page.locator('[data-testid="timeline-tooltip"]');
    await expect.poll(() => tooltip.count()).toBe(1);
    expect(await page.locator('[data-testid="tooltip-templates"]').innerText()).toMatch(/<\*>/);
    await page.mouse.move(0, 0);

    const rowsBefore = await page.locator('[data-testid="recent-row"]').count();
    await page.locator('[data-testid="graph-node"][data-node-id="cart"]').click();
    expect(await page.locator('[data-testid="node-filter"]').innerText()).toContain('cart');
    const services = await page.locator('[data-testid="recent-row"] td:nth-child(2)').allInnerTexts();
    expect(services.length).toBeGreaterThan(0);
    expect(services.length).toBeLessThan(rowsBefore);
    expect(new Set(services)).toEqual(new Set(['cart']));
    expect(pageErrors).toEqual([]);
  });

  it('stays responsive with 50 services, 10,000 points and 200 graph nodes', async () => {
    const big = [
      ...anomaliesFrames({ services: 50, points: 720, stepMs: 5_000 }),
      ...scoreBucketFrames(),
      ...serviceGraphFrames({ services: 50, ips: 100, users: 50 }),
      lokiAnomalyFrame({ rows: 2000, services: 50 }),
    ];
    const points = big.slice(0, -1).reduce((n, f) => n + ((f.fields[0]?.values as unknown[] | undefined)?.length ?? 0), 0);
    expect(points).toBeGreaterThanOrEqual(10_000);
    const { renderMs } = await render({ frames: big, mode: 'dark', width: 1600, height: 1000 });
    expect(await page.locator('[data-testid="graph-node"]').count()).toBe(200);
    // Too many intervals for bars: one stacked area path per class instead of thousands of rects.
    const paths = await page.locator('[data-testid="timeline-marks"] path').count();
    expect(paths).toBeGreaterThan(0);
    expect(paths).toBeLessThanOrEqual(7);
    // Before any hover, so the picture is the same on every run.
    await page.locator('[data-testid="view-graph"]').screenshot({ path: join(docsDir, 'graph-200-nodes-dark.png') });
    // Hovering re-renders only the overlay; time 40 hover moves across the timeline and graph.
    const hoverMs = await page.evaluate(async () => {
      const hit = document.querySelector('[data-testid="timeline-hit"]')!;
      const rect = hit.getBoundingClientRect();
      const nodes = [...document.querySelectorAll('[data-testid="graph-node"]')];
      const started = performance.now();
      for (let i = 0; i < 20; i++) {
        hit.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: rect.left + (rect.width * i) / 20, clientY: rect.top + 10 }));
        nodes[i * 9].dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
        await new Promise((r) => requestAnimationFrame(r));
      }
      return (performance.now() - started) / 40;
    });
    console.log(`[browser] 200 nodes, ${points} points: first render ${renderMs.toFixed(0)} ms, ${hoverMs.toFixed(1)} ms per hover update`);
    expect(pageErrors).toEqual([]);
  });
});
