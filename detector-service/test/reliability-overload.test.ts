/**
 * Overload of the real `anomalog serve` process, in two ways: its JSONL exporter is given a small
 * queue that drains only a partial batch per flush interval (about 4,000 records/s), or its
 * scoring queue is kept short with a short wait for room; concurrent gRPC and HTTP clients offer
 * as much as they can. The service must push back the OTLP way (UNAVAILABLE
 * with a google.rpc.RetryInfo; 503 with Retry-After), keep answering /healthz, and export every
 * record it accepted exactly once, and none it refused (a client retries those).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServeProcess } from '../src/bench/serve-process.js';
import { loadOtlpLogsProto } from '../src/bench/otlp-logs-proto-schema.js';
import { RETRY_INFO_TYPE_URL } from '../src/otlp/proto-status.js';
import { exportedIds, grpcExport, idRequest, protobuf, sleep, startServe } from './reliability-helpers.js';

const proto = loadOtlpLogsProto();
const LOAD_MS = 4000;
const RECORDS_PER_REQUEST = 200;
const CLIENTS_PER_TRANSPORT = 6;

let service: ServeProcess | undefined;
afterEach(async () => {
  await service?.kill9();
  service = undefined;
});

interface Tally {
  accepted: Set<string>;
  refused: Set<string>;
  grpcBackpressure: number;
  grpcRetryDelays: number[];
  httpBackpressure: number;
  httpRetryAfter: string[];
  other: string[];
}

function retryDelaySeconds(details: Buffer | undefined): number | undefined {
  if (details === undefined) return undefined;
  const status = proto.status.decode(details) as unknown as { code: number; details: { typeUrl: string; value: Uint8Array }[] };
  const info = status.details.find((d) => d.typeUrl === RETRY_INFO_TYPE_URL);
  if (info === undefined) return undefined;
  const delay = proto.retryInfo.toObject(proto.retryInfo.decode(info.value), { longs: Number }) as { retryDelay?: { seconds?: number; nanos?: number } };
  return (delay.retryDelay?.seconds ?? 0) + (delay.retryDelay?.nanos ?? 0) / 1e9;
}

/**
 * Offers as much as the clients can send for `loadMs`, then checks the pushback, the health probe
 * and that the exported file holds exactly the accepted records.
 */
async function overload(sets: string[], recordsPerRequest: number, mostRefused: boolean, loadMs = LOAD_MS): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'anomalog-overload-'));
  const out = join(dir, 'records.jsonl');
  // One file, whatever was accepted: the check below reads it whole.
  service = await startServe({ sets: ['state.enabled=false', `exporters.jsonl.path=${out}`, 'exporters.jsonl.maxFileSizeMiB=4096', ...sets] });
  const running = service;
  const tally: Tally = { accepted: new Set(), refused: new Set(), grpcBackpressure: 0, grpcRetryDelays: [], httpBackpressure: 0, httpRetryAfter: [], other: [] };
  const deadline = Date.now() + loadMs;
  let sequence = 0;

  const grpcWorker = async (): Promise<void> => {
    const client = new grpc.Client(`127.0.0.1:${running.grpcPort}`, grpc.credentials.createInsecure());
    while (Date.now() < deadline) {
      const { data, ids } = idRequest(`g${sequence++}`, recordsPerRequest);
      const answer = await grpcExport(client, protobuf(data));
      if (answer.code === grpc.status.OK) ids.forEach((id) => tally.accepted.add(id));
      else if (answer.code === grpc.status.UNAVAILABLE) {
        ids.forEach((id) => tally.refused.add(id));
        tally.grpcBackpressure++;
        const delay = retryDelaySeconds(answer.details);
        if (delay !== undefined) tally.grpcRetryDelays.push(delay);
        await sleep(20);
      } else tally.other.push(`grpc ${answer.code}`);
    }
    client.close();
  };
  const httpWorker = async (): Promise<void> => {
    while (Date.now() < deadline) {
      const { data, ids } = idRequest(`h${sequence++}`, recordsPerRequest);
      const res = await fetch(`http://127.0.0.1:${running.httpPort}/v1/logs`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: protobuf(data),
      });
      await res.arrayBuffer();
      if (res.status === 200) ids.forEach((id) => tally.accepted.add(id));
      else if (res.status === 503 || res.status === 429) {
        ids.forEach((id) => tally.refused.add(id));
        tally.httpBackpressure++;
        tally.httpRetryAfter.push(res.headers.get('retry-after') ?? '');
        await sleep(20);
      } else tally.other.push(`http ${res.status}`);
    }
  };
  const healthLatencies: number[] = [];
  const healthStatuses: number[] = [];
  const healthProbe = async (): Promise<void> => {
    while (Date.now() < deadline) {
      const t = performance.now();
      const res = await fetch(`${running.admin}/healthz`);
      await res.text();
      healthStatuses.push(res.status);
      healthLatencies.push(performance.now() - t);
      await sleep(200);
    }
  };
  await Promise.all([
    ...Array.from({ length: CLIENTS_PER_TRANSPORT }, grpcWorker),
    ...Array.from({ length: CLIENTS_PER_TRANSPORT }, httpWorker),
    healthProbe(),
  ]);

  expect(tally.other).toEqual([]);
  // Above capacity: pushed back on both transports.
  expect(tally.grpcBackpressure).toBeGreaterThan(0);
  expect(tally.httpBackpressure).toBeGreaterThan(0);
  // Far above what the exporter drains, most is pushed back; the scoring thread is quicker, and
  // takes more than it refuses.
  if (mostRefused) expect(tally.refused.size).toBeGreaterThan(tally.accepted.size);
  expect(tally.accepted.size).toBeGreaterThan(0);
  // Every UNAVAILABLE carried a RetryInfo with a positive delay; every 503 a Retry-After in seconds.
  expect(tally.grpcRetryDelays.length).toBe(tally.grpcBackpressure);
  expect(tally.grpcRetryDelays.every((d) => d > 0)).toBe(true);
  expect(tally.httpRetryAfter.every((v) => /^\d+$/.test(v) && Number(v) >= 1)).toBe(true);
  // The probe answered throughout (a loaded 2-core machine: generous, but a stalled loop fails it).
  expect(healthStatuses.length).toBeGreaterThan(3);
  expect(healthStatuses.every((s) => s === 200)).toBe(true);
  expect(Math.max(...healthLatencies)).toBeLessThan(2000);

  // SIGTERM drains the queue; then the file holds exactly the accepted records.
  expect(await running.stop()).toBe(0);
  const exported = exportedIds(out);
  expect(exported.length).toBe(new Set(exported).size);
  // Compared by count and by the first few missing or extra ids (a diff of two large sets is slow).
  const exportedSet = new Set(exported);
  expect(exported.length).toBe(tally.accepted.size);
  expect([...tally.accepted].filter((id) => !exportedSet.has(id)).slice(0, 5)).toEqual([]);
  expect(exported.filter((id) => !tally.accepted.has(id)).slice(0, 5)).toEqual([]);
  rmSync(dir, { recursive: true, force: true });
}

describe('overload of anomalog serve', () => {
  it('pushes back on gRPC and HTTP when an exporter is slower than the stream, stays healthy, and exports every accepted record exactly once', async () => {
    await overload(
      [
        // A batch size above the capacity: the queue only empties by partial batches on the timer.
        'exporters.jsonl.queue.capacity=1000',
        'exporters.jsonl.queue.batchSize=100000',
        'exporters.jsonl.queue.flushIntervalMs=250',
      ],
      RECORDS_PER_REQUEST,
      true,
    );
  });

  it('pushes back after a wait for room when the scoring thread is slower than the stream, with the same guarantees', async () => {
    // The scoring queue holds two requests of 2,000 records (tens of ms of scoring each); the
    // other clients' requests wait at most 50 ms for room and are then refused.
    await overload(['processor.maxScoringRecords=2000', 'processor.maxScoringWaitMs=50'], 2000, false, 1500);
  });
});
