/**
 * The Loki target goes away for a minute while a client keeps sending, then comes back: the queue
 * fills, the service pushes back (503 + Retry-After), the client retries, and every record the
 * service accepted reaches Loki. Delivery is at least once (see the exporter reference): a push
 * Loki received just as its connections were torn down gets no answer and is sent again. Loki
 * drops such exact duplicates (same stream, timestamp and line), so a repeat must be identical to
 * its first delivery, and only the push in flight at the moment of the outage can repeat.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { LogsData } from '@anomalog/collector-processor';
import { encodeExportLogsRequest } from '../src/otlp/proto-encode-logs.js';
import { CaptureServer } from './helpers/capture-server.js';
import { logRecordOf } from './helpers/records.js';
import { startHarness, waitFor, type Harness } from './helpers/service-harness.js';
import { lokiEntries } from './helpers/loki-decode.js';
import { counterValue } from './helpers/metric-values.js';

const OUTAGE_MS = 60_000;
const BATCH = 50;

function batch(firstSeq: number, startMs: number): LogsData {
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: 'orders' }], droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeLogs: [
          {
            scope: undefined,
            schemaUrl: '',
            logRecords: Array.from({ length: BATCH }, (_, i) =>
              logRecordOf(`order seq=${firstSeq + i} stored in ${(firstSeq + i) % 17} ms`, { timeUnixNano: BigInt(startMs + (firstSeq + i) * 10) * 1_000_000n }),
            ),
          },
        ],
      },
    ],
  };
}

let h: Harness | undefined;
const loki = new CaptureServer();
afterAll(async () => {
  await h?.stop();
  await loki.close();
});

describe('export target outage', () => {
  it('loses no accepted record while Loki is down for a minute and pushes back meanwhile', async () => {
    const lokiUrl = await loki.start();
    const lokiPort = Number(new URL(lokiUrl).port);
    h = await startHarness({
      loki,
      withoutForward: true,
      sets: [
        `exporters.loki.endpoint=${lokiUrl}/loki/api/v1/push`,
        'exporters.loki.queue.capacity=600',
        'exporters.loki.queue.batchSize=100',
        'exporters.loki.queue.flushIntervalMs=20',
        'exporters.loki.retry.initialIntervalMs=100',
        'exporters.loki.retry.maxIntervalMs=1000',
        'exporters.jsonl.queue.capacity=600',
      ],
    });
    const http = `http://127.0.0.1:${h.httpPort}/v1/logs`;
    const accepted = new Set<number>();
    let refusals = 0;
    const startMs = Date.UTC(2026, 10, 24, 10);

    // A client that retries refused requests as an OTel Collector's exporter does.
    let seq = 0;
    let stopSending = false;
    const client = (async () => {
      while (!stopSending) {
        const body = encodeExportLogsRequest(batch(seq, startMs));
        const res = await fetch(http, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
        await res.arrayBuffer();
        if (res.status === 200) {
          for (let i = 0; i < BATCH; i++) accepted.add(seq + i);
          seq += BATCH;
          await new Promise((r) => setTimeout(r, 20));
        } else {
          expect([429, 503]).toContain(res.status);
          refusals++;
          const retryAfter = Number(res.headers.get('retry-after') ?? '1');
          await new Promise((r) => setTimeout(r, Math.min(retryAfter, 1) * 1000));
        }
      }
    })();

    await waitFor(() => loki.requests.length > 0, 5_000, 'first push');
    await loki.close();
    const downAt = Date.now();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    await loki.start(lokiPort);
    await new Promise((r) => setTimeout(r, 1_500));
    stopSending = true;
    await client;
    expect(Date.now() - downAt).toBeGreaterThanOrEqual(OUTAGE_MS);

    await waitFor(() => h!.service.exporters.every((e) => e.pending === 0), 20_000, 'queues to drain');
    const entries = await lokiEntries(loki.requests.filter((r) => r.body.length > 0).map((r) => r.body));
    const firstDelivery = new Map<number, string>();
    const repeats: number[] = [];
    for (const e of entries) {
      const seq = Number(/seq=(\d+)/.exec(e.line)?.[1]);
      const identity = JSON.stringify([e.labels, e.timestamp, e.line, e.meta]);
      const first = firstDelivery.get(seq);
      if (first === undefined) firstDelivery.set(seq, identity);
      else {
        repeats.push(seq);
        expect(identity).toBe(first);
      }
    }
    const unique = new Set(firstDelivery.keys());
    expect(refusals).toBeGreaterThan(0);
    expect(accepted.size).toBeGreaterThan(600);
    // At most the one push in flight when Loki went away (queue.batchSize=100, concurrency 1).
    expect(repeats.length).toBeLessThanOrEqual(100);
    expect([...accepted].filter((s) => !unique.has(s))).toEqual([]);
    expect(unique.size).toBe(accepted.size);
    expect(await counterValue(h.service.metrics, 'anomalog_exporter_dropped_total', { exporter: 'loki' })).toBe(0);
    expect(await counterValue(h.service.metrics, 'anomalog_exporter_failed_total', { exporter: 'loki', reason: 'network' })).toBeGreaterThan(0);
    expect(await counterValue(h.service.metrics, 'anomalog_records_refused_total', { transport: 'http', reason: 'backpressure' })).toBe(refusals * BATCH);
  }, 150_000);
});
