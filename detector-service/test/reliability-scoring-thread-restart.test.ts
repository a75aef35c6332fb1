/**
 * The real `anomalog serve` whose scoring thread crashes (the crash drill plants an uncaught
 * exception on requests carrying a marker, as a poison request would): the thread is replaced by
 * one restored from the last snapshot, /readyz says not ready meanwhile and ready after, nothing
 * is answered INTERNAL while it restarts, records sent after it are exported, and the restart is
 * counted. A request that crashes every new thread ends in the restarts being given up.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServeProcess } from '../src/bench/serve-process.js';
import { exportedIds, grpcExport, idRequest, protobuf, sleep, startServe, until } from './reliability-helpers.js';

const POISON = 'poison-request-for-the-crash-drill';
const DRILL = { ANOMALOG_TEST_SCORING_CRASH_ON: POISON };

let service: ServeProcess | undefined;
let client: grpc.Client | undefined;
afterEach(async () => {
  client?.close();
  client = undefined;
  await service?.kill9();
  service = undefined;
});

interface Status {
  templates: number;
  state: { saves: number; lastSaveMaxBlockMs?: number } | null;
  scoringThread: { restarts: number; restarting: boolean; gaveUp: boolean; lastCrash: { at: string; reason: string } | null } | null;
}

async function status(s: ServeProcess): Promise<Status> {
  return (await (await fetch(`${s.admin}/api/v1/status`)).json()) as Status;
}

async function readyStatus(s: ServeProcess): Promise<number> {
  return (await fetch(`${s.admin}/readyz`)).status;
}

async function templateIds(s: ServeProcess, service: string): Promise<string[]> {
  const body = (await (await fetch(`${s.admin}/api/v1/templates?service=${service}&limit=100000`)).json()) as {
    services: { templates: { id: string }[] }[];
  };
  return (body.services[0]?.templates ?? []).map((t) => t.id).sort();
}

/** One series of the service's /metrics (0 when it is absent). */
async function metric(s: ServeProcess, series: string): Promise<number> {
  const text = await (await fetch(`${s.admin}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

const RESTARTS = 'anomalog_scoring_thread_restarts_total';
const DROPPED_UNSCORED = 'anomalog_exporter_dropped_total{exporter="jsonl",reason="scoring_failed"}';

const kindsOf =
  (tag: string) =>
  (i: number): string =>
    `${tag} stage ${['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'][i % 6]} ${['opened', 'closed', 'moved', 'merged'][Math.floor(i / 6) % 4]} after ${i} ms`;

/** A request whose records the drill crashes the scoring thread on. */
function poison(prefix: string, count = 20): Uint8Array {
  return protobuf(idRequest(prefix, count, 1, (i) => `${POISON} ${i}`).data);
}

/** Polls /readyz until stopped; the answers, each change kept once. */
function watchReadiness(s: ServeProcess): { stop(): Promise<number[]> } {
  const seen: number[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const code = await readyStatus(s).catch(() => -1);
      if (seen[seen.length - 1] !== code) seen.push(code);
      await sleep(20);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return seen;
    },
  };
}

describe('scoring thread restart in anomalog serve', () => {
  it('replaces a crashed scoring thread with one restored from the last snapshot, and takes records again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anomalog-thread-restart-'));
    const out = join(dir, 'records.jsonl');
    service = await startServe({
      env: DRILL,
      sets: [`state.dir=${join(dir, 'state')}`, 'state.intervalSeconds=0.2', `exporters.jsonl.path=${out}`, 'processor.scoringThreadRestarts.backoffSeconds=0.5'],
    });
    client = new grpc.Client(`127.0.0.1:${service.grpcPort}`, grpc.credentials.createInsecure());

    // Learn templates, and wait until snapshots taken after them are on disk.
    const learn = idRequest('learn', 300, 1, kindsOf('learned'));
    expect((await grpcExport(client, protobuf(learn.data))).code).toBe(grpc.status.OK);
    await until(async () => exportedIds(out).length === 300, 'the learned records exported');
    const learned = await templateIds(service, 'reliability-0');
    expect(learned.length).toBeGreaterThan(0);
    const before = await status(service);
    expect(before.scoringThread).toEqual({ restarts: 0, restarting: false, gaveUp: false, lastCrash: null });
    expect(before.state!.lastSaveMaxBlockMs).toBeTypeOf('number');
    await until(async () => (await status(service!)).state!.saves >= before.state!.saves + 2, 'two snapshots after learning');
    expect(await metric(service, RESTARTS)).toBe(0);

    // The poison request is accepted (answered once queued for scoring), then crashes the thread:
    // its records are counted as dropped.
    const readiness = watchReadiness(service);
    await sleep(100);
    expect((await grpcExport(client, poison('poison'))).code).toBe(grpc.status.OK);
    const crashedAt = Date.now();
    await until(async () => (await readyStatus(service!)) !== 200, 'not ready after the crash');
    // The admin API's template listing, kept by the thread, asks to be retried in a moment.
    const listing = await fetch(`${service.admin}/api/v1/templates`);
    expect([listing.status, listing.headers.get('retry-after'), await listing.json()]).toEqual([503, '1', { error: 'the scoring thread is restarting' }]);

    // While the thread restarts, requests are pushed back the OTLP way (UNAVAILABLE with a
    // RetryInfo, 503 with Retry-After), never answered INTERNAL / 500; one sent as the new thread
    // becomes ready may be taken.
    const taken: string[] = [];
    const answers = new Set<string>();
    for (let n = 0; (await readyStatus(service)) !== 200; n++) {
      const request = idRequest(`during-${n}`, 50, 1, kindsOf('during'));
      const answer = await grpcExport(client, protobuf(request.data));
      answers.add(`grpc ${answer.code}`);
      if (answer.code === grpc.status.OK) taken.push(...request.ids);
      else if (answer.code === grpc.status.UNAVAILABLE) expect(answer.details).toBeDefined();
      const overHttp = idRequest(`during-http-${n}`, 50, 1, kindsOf('during'));
      const response = await fetch(`http://127.0.0.1:${service.httpPort}/v1/logs`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: protobuf(overHttp.data),
      });
      await response.arrayBuffer();
      answers.add(`http ${response.status}`);
      if (response.status === 200) taken.push(...overHttp.ids);
      else if (response.status === 503) expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await sleep(50);
      if (Date.now() - crashedAt > 15_000) throw new Error('the scoring thread was not restarted within 15 s');
    }
    const readyAgainMs = Date.now() - crashedAt;
    expect([...answers].filter((a) => !['grpc 0', 'grpc 14', 'http 200', 'http 503'].includes(a))).toEqual([]);
    // Nothing is held for a thread that is not there: while it restarts, both listeners push back.
    expect(answers).toContain('grpc 14');
    expect(answers).toContain('http 503');
    await sleep(100);
    expect(await readiness.stop()).toEqual([200, 503, 200]);

    // A new thread, restored from the snapshot: what was learned is back.
    const logs = service.stderr();
    expect(logs).toMatch(/"msg":"the scoring thread ended: restarting it from the last saved state"/);
    expect(logs).toMatch(/"msg":"the scoring thread was restarted"/);
    expect(logs).not.toMatch(/"level":60/);
    const after = await status(service);
    expect(after.scoringThread).toMatchObject({ restarts: 1, restarting: false, gaveUp: false });
    expect(after.scoringThread!.lastCrash!.reason).toMatch(/scoring crash drill/);
    expect(after.templates).toBeGreaterThanOrEqual(before.templates);
    // The saves of the ended thread still count.
    expect(after.state!.saves).toBeGreaterThanOrEqual(before.state!.saves + 2);
    expect(await templateIds(service, 'reliability-0')).toEqual(expect.arrayContaining(learned));
    expect(await metric(service, RESTARTS)).toBe(1);
    expect(await metric(service, DROPPED_UNSCORED)).toBe(20);

    // Records sent after the restart (and those taken while it ran) are scored and exported.
    const fresh = idRequest('after', 200, 3, kindsOf('after'));
    expect((await grpcExport(client, protobuf(fresh.data))).code).toBe(grpc.status.OK);
    await until(() => {
      const ids = new Set(exportedIds(out));
      return [...fresh.ids, ...taken].every((id) => ids.has(id));
    }, 'the records sent after the restart exported');
    const exported = exportedIds(out);
    expect(exported.filter((id) => id.startsWith('poison-'))).toEqual([]);
    expect(new Set(exported).size).toBe(exported.length);
    const startMs = /"msg":"the scoring thread was restarted"/.test(logs) ? (JSON.parse(logs.split('\n').find((l) => l.includes('"the scoring thread was restarted"'))!) as { ms: number }).ms : undefined;
    console.log(`scoring thread restart: ready again ${readyAgainMs} ms after the crash (backoff 500 ms, new thread started and restored in ${startMs} ms); ${taken.length} records taken meanwhile; answers: ${[...answers].join(', ')}`);
  });

  it('gives up after the configured number of restarts when every new thread crashes, and then refuses requests', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anomalog-thread-crash-loop-'));
    service = await startServe({
      env: DRILL,
      sets: [
        'state.enabled=false',
        `exporters.jsonl.path=${join(dir, 'records.jsonl')}`,
        'processor.scoringThreadRestarts.max=2',
        'processor.scoringThreadRestarts.backoffSeconds=0.2',
        'processor.scoringThreadRestarts.maxBackoffSeconds=0.3',
      ],
    });
    client = new grpc.Client(`127.0.0.1:${service.grpcPort}`, grpc.credentials.createInsecure());
    expect((await grpcExport(client, protobuf(idRequest('learn', 100, 1, kindsOf('learned')).data))).code).toBe(grpc.status.OK);
    await until(async () => (await status(service!)).templates > 0, 'templates learned');

    // First crash: without state persistence the new thread starts with nothing learned.
    expect((await grpcExport(client, poison('poison-1'))).code).toBe(grpc.status.OK);
    await until(async () => (await status(service!)).scoringThread!.restarts === 1 && (await readyStatus(service!)) === 200, 'the first restart');
    expect((await status(service)).templates).toBe(0);

    // The same poison, again and again: two restarts allowed, the third crash is final.
    for (let n = 2; n <= 3; n++) {
      await until(async () => (await readyStatus(service!)) === 200, `ready before poison ${n}`);
      expect((await grpcExport(client, poison(`poison-${n}`))).code).toBe(grpc.status.OK);
      await until(async () => (await readyStatus(service!)) !== 200, `not ready after poison ${n}`);
    }
    await until(async () => (await status(service!)).scoringThread!.gaveUp, 'the restarts given up');
    const final = await status(service);
    expect(final.scoringThread).toMatchObject({ restarts: 2, restarting: false, gaveUp: true });
    expect(await metric(service, RESTARTS)).toBe(2);
    expect(service.stderr()).toMatch(/"level":60[^\n]*"msg":"the scoring thread ended: requests are refused until the service is restarted"/);

    // As before restarts existed: not ready, and every request refused with INTERNAL.
    await sleep(500);
    expect(await readyStatus(service)).toBe(503);
    expect((await grpcExport(client, protobuf(idRequest('late', 10).data))).code).toBe(grpc.status.INTERNAL);
    expect((await status(service)).scoringThread!.restarts).toBe(2);
  });
});
