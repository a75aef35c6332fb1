/**
 * Debian's Prometheus scrapes the service's /metrics every second, and its HTTP API answers the
 * PromQL queries users alert on with the same figures the service counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, waitFor, type Harness } from './helpers/service-harness.js';
import { emitThroughSdk, sdkExporter } from './helpers/sdk-send.js';
import { startPrometheus, type RunningPrometheus } from './helpers/prometheus.js';

let h: Harness;
let prom: RunningPrometheus;
beforeAll(async () => {
  h = await startHarness({ withoutForward: true });
  prom = await startPrometheus(`127.0.0.1:${h.adminPort}`);
}, 60_000);
afterAll(async () => {
  await prom?.stop();
  await h?.stop();
});

async function ownSum(metric: string): Promise<number> {
  const text = await (await fetch(`${h.admin}/metrics`)).text();
  return [...text.matchAll(new RegExp(`^${metric}\\{[^}]*\\} (\\S+)$`, 'gm'))].reduce((s, m) => s + Number(m[1]), 0);
}

describe('Prometheus scraping anomalog', () => {
  it('answers sum(anomalog_anomalies_total) and per-service rates from the scraped counters', async () => {
    const sent = await emitThroughSdk(sdkExporter('grpc', h), { service: 'billing', normal: 300, incident: 4, startMs: Date.UTC(2026, 10, 24, 9) });
    await waitFor(() => h.service.exporters.every((e) => e.pending === 0), 10_000, 'exports');
    const anomalies = await ownSum('anomalog_anomalies_total');
    expect(anomalies).toBeGreaterThan(0);

    let seen: number | undefined;
    await waitFor(async () => (seen = await prom.query('sum(anomalog_anomalies_total)')) === anomalies, 30_000, 'Prometheus to scrape the anomaly count');
    expect(seen).toBe(anomalies);
    expect(await prom.query('sum(anomalog_records_total{service="billing"})')).toBe(sent);
    expect(await prom.query('sum(anomalog_records_accepted_total{transport="grpc"})')).toBe(sent);
    expect(await prom.query('up{job="anomalog"}')).toBe(1);
    // The histogram is usable by histogram_quantile.
    const p99 = await prom.query('histogram_quantile(0.99, sum by (le) (anomalog_score_bucket))');
    expect(p99).toBeGreaterThan(0);
    expect(p99).toBeLessThanOrEqual(1);
  }, 60_000);
});
