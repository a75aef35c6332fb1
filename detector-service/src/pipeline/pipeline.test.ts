import { describe, expect, it } from 'vitest';
import { createEngine, type LogsData } from '@anomalog/collector-processor';
import { silentLogger } from '../logger.js';
import { queueSchema, retrySchema } from '../config/schema.js';
import { QueuedExporter } from '../exporters/queued-exporter.js';
import { PassThrough } from 'node:stream';
import type { ExportRecord, QueuedRecord, Sender, SendResult } from '../exporters/export-record.js';
import { JsonlSender } from '../exporters/jsonl/jsonl-sender.js';
import { jsonlExporterSchema } from '../config/schema.js';
import { ServiceMetrics } from '../metrics/service-metrics.js';
import { ServiceGraph } from '../metrics/service-graph.js';
import { TemplateCatalog } from '../admin/template-catalog.js';
import { AnomalyRing } from '../admin/anomaly-ring.js';
import { Pipeline } from './pipeline.js';
import { ScoringThread } from './scoring-thread.js';
import { logRecordOf, logsDataOf } from '../../test/helpers/records.js';

/** A target that holds every send until released, to keep a queue occupied. */
class HeldTarget implements Sender {
  readonly delivered: ExportRecord[] = [];
  private release: (() => void) | undefined;
  private gate = new Promise<void>((r) => (this.release = r));
  open(): void {
    this.release?.();
  }
  async send(batch: ExportRecord[]): Promise<SendResult> {
    await this.gate;
    this.delivered.push(...batch);
    return { kind: 'ok' };
  }
  async close(): Promise<void> {}
}

function request(service: string, n: number, offset = 0): LogsData {
  return logsDataOf(
    service,
    Array.from({ length: n }, (_, i) => logRecordOf(`request ${offset + i} served in ${i % 9} ms`, { timeUnixNano: BigInt(1_700_000_000_000 + (offset + i) * 1000) * 1_000_000n })),
  );
}

/** A target that writes anomalog.* attributes from verdicts itself (as the JSONL sender does). */
class VerdictWritingTarget extends HeldTarget {
  readonly writesVerdictAttributes = true;
}

function setup(capacities: [number, number], scoring?: ScoringThread, maxScoringRecords?: number, writesVerdicts: [boolean, boolean] = [false, false], maxScoringWaitMs?: number) {
  const metrics = new ServiceMetrics({ labelValuesLimit: 10, processMetrics: false });
  const log = silentLogger();
  const targets = writesVerdicts.map((writes) => (writes ? new VerdictWritingTarget() : new HeldTarget()));
  const exporters = targets.map(
    (t, i) => new QueuedExporter(`e${i}`, 'test', t, queueSchema.parse({ capacity: capacities[i], batchSize: 10, flushIntervalMs: 5 }), retrySchema.parse({}), metrics, log),
  );
  const engine = createEngine();
  const pipeline = new Pipeline({
    ...(scoring ? { scoring, maxScoringRecords, maxScoringWaitMs } : { engine }),
    exporters,
    metrics,
    graph: new ServiceGraph({ maxSpans: 100, windowSeconds: 60, maxEdges: 100, peerServiceDirection: 'callee' }, metrics),
    catalog: new TemplateCatalog(100),
    anomalies: new AnomalyRing(10),
    log,
  });
  return { pipeline, targets, exporters, engine };
}

describe('pipeline', () => {
  it('accepts a request only when every exporter can take all of it, and then every exporter gets every record', async () => {
    const { pipeline, targets, exporters, engine } = setup([100, 25]);
    expect(await pipeline.consume(request('api', 20), { transport: 'http' })).toEqual({ kind: 'accepted', rejectedRecords: 0, message: '' });
    // The second exporter has room for 5 more: a 10-record request is refused as a whole,
    // and the engine does not learn from what it refused (the client will send it again).
    const learnedBefore = JSON.stringify(engine.snapshot());
    const refused = await pipeline.consume(request('api', 10, 20), { transport: 'http' });
    expect(refused).toEqual({ kind: 'backpressure', retryAfterSeconds: 1 });
    expect(exporters.map((e) => e.pending)).toEqual([20, 20]);
    expect(JSON.stringify(engine.snapshot())).toBe(learnedBefore);

    for (const t of targets) t.open();
    await Promise.all(exporters.map((e) => e.whenIdle()));
    expect(await pipeline.consume(request('api', 10, 20), { transport: 'http' })).toMatchObject({ kind: 'accepted' });
    await Promise.all(exporters.map((e) => e.whenIdle()));
    for (const t of targets) {
      expect(t.delivered.map((r) => r.record.body)).toEqual(Array.from({ length: 30 }, (_, i) => `request ${i} served in ${i < 20 ? i % 9 : (i - 20) % 9} ms`));
      expect(t.delivered.every((r) => r.record.attributes.some((a) => a.key === 'anomalog.score'))).toBe(true);
    }
  });

  it('tells receivers before decoding while an exporter could not take a request as small as the smallest of the last ones taken', async () => {
    const { pipeline, targets, exporters } = setup([100, 25]);
    expect(pipeline.fullNow()).toBeUndefined();
    expect((await pipeline.consume(request('api', 20), { transport: 'http' })).kind).toBe('accepted');
    // The second exporter has room for 5: a request like the last (20 records) would be refused.
    expect(pipeline.fullNow()).toEqual({ kind: 'backpressure', retryAfterSeconds: 1 });
    // A smaller one still fits when it is decoded and offered, and is taken.
    expect((await pipeline.consume(request('api', 4, 20), { transport: 'http' })).kind).toBe('accepted');
    // Now the smallest recent request (4) does not fit the room left (1) either.
    expect(pipeline.fullNow()?.kind).toBe('backpressure');
    for (const t of targets) t.open();
    await Promise.all(exporters.map((e) => e.whenIdle()));
    expect(pipeline.fullNow()).toBeUndefined();
  });

  it('takes a request larger than a whole queue when that queue is empty', async () => {
    const { pipeline, targets, exporters } = setup([10, 10]);
    expect(await pipeline.consume(request('batchy', 25), { transport: 'grpc' })).toMatchObject({ kind: 'accepted' });
    expect(exporters[0].pending).toBe(25);
    expect((await pipeline.consume(request('batchy', 1, 25), { transport: 'grpc' })).kind).toBe('backpressure');
    for (const t of targets) t.open();
    await Promise.all(exporters.map((e) => e.whenIdle()));
    expect(targets[1].delivered).toHaveLength(25);
  });

  it('with a scoring thread, answers once records are queued, with room reserved in every exporter', async () => {
    const scoring = await ScoringThread.start({ engineConfig: {}, templatesPerService: 100, state: undefined, logLevel: 'silent', statsIntervalMs: 60_000 }, silentLogger());
    try {
      const { pipeline, targets, exporters } = setup([100, 25], scoring, 25);
      // Taken at once, before scoring: the room is reserved in both exporters.
      const first = pipeline.consume(request('api', 20), { transport: 'grpc' });
      expect(exporters.map((e) => e.pending)).toEqual([20, 20]);
      expect(pipeline.scoring).toBe(20);
      // Past the scoring cap (25) and past the second exporter's room: backpressure, nothing reserved.
      const second = pipeline.consume(request('api', 10, 20), { transport: 'grpc' });
      expect(await first).toEqual({ kind: 'accepted', rejectedRecords: 0, message: '' });
      expect((await second).kind).toBe('backpressure');
      expect(exporters.map((e) => e.pending)).toEqual([20, 20]);

      await pipeline.whenScored();
      expect(pipeline.scoring).toBe(0);
      for (const t of targets) t.open();
      await Promise.all(exporters.map((e) => e.whenIdle()));
      expect(await pipeline.consume(request('api', 10, 20), { transport: 'grpc' })).toMatchObject({ kind: 'accepted' });
      await pipeline.whenScored();
      await Promise.all(exporters.map((e) => e.whenIdle()));
      for (const t of targets) {
        // Every accepted record exactly once, in order, enriched from its verdict.
        expect(t.delivered.map((r) => r.record.body)).toEqual(Array.from({ length: 30 }, (_, i) => `request ${i} served in ${i < 20 ? i % 9 : (i - 20) % 9} ms`));
        expect(t.delivered.every((r) => r.record.attributes.find((a) => a.key === 'anomalog.template_id')?.value === r.verdict.templateId)).toBe(true);
      }
      // The refused request was never scored: the thread's catalog counted 30 records.
      const [api] = await scoring.templates('api', 100);
      expect(api.templates.reduce((sum, t) => sum + t.count, 0)).toBe(30);

      // At the scoring cap, receivers are told before decoding that any request is refused; but
      // a second request is always taken, however large (the thread has the next one at hand).
      const capped = setup([100, 100], scoring, 20).pipeline;
      expect(capped.fullNow()).toBeUndefined();
      const taken = capped.consume(request('api', 20, 30), { transport: 'grpc' });
      expect(capped.fullNow()).toBeUndefined();
      const alsoTaken = capped.consume(request('api', 30, 50), { transport: 'grpc' });
      expect(capped.fullNow()).toEqual({ kind: 'backpressure', retryAfterSeconds: 1 });
      expect((await taken).kind).toBe('accepted');
      expect((await alsoTaken).kind).toBe('accepted');
      await capped.whenScored();
      expect(capped.fullNow()).toBeUndefined();
    } finally {
      await scoring.stop();
    }
  });

  it('with a scoring thread, a request that finds the scoring queue full waits for room, woken in arrival order', async () => {
    const scoring = await ScoringThread.start({ engineConfig: {}, templatesPerService: 100, state: undefined, logLevel: 'silent', statsIntervalMs: 60_000 }, silentLogger());
    try {
      const { pipeline, targets, exporters } = setup([1000, 1000], scoring, 20, [false, false], 5_000);
      expect(pipeline.whenScoringRoom()).toBe(true);
      const first = pipeline.consume(request('api', 10), { transport: 'grpc' });
      expect(pipeline.whenScoringRoom()).toBe(true);
      const alsoFirst = pipeline.consume(request('api', 10, 10), { transport: 'grpc' });
      // The queue is at its cap: nothing is refused before decoding, the next requests wait.
      expect(pipeline.fullNow()).toBeUndefined();
      const order: string[] = [];
      const waits = ['second', 'third'].map((name) => {
        const room = pipeline.whenScoringRoom();
        expect(room).toBeInstanceOf(Promise);
        return (room as Promise<boolean>).then(async (hasRoom) => {
          order.push(name);
          expect(hasRoom).toBe(true);
          // Taken in its own turn, as a receiver does once it has decoded the request.
          return pipeline.consume(request('api', 20, name === 'second' ? 20 : 40), { transport: 'grpc' });
        });
      });
      expect((await first).kind).toBe('accepted');
      expect((await alsoFirst).kind).toBe('accepted');
      // Each is woken when a request before it has been scored.
      const outcomes = await Promise.all(waits);
      expect(order).toEqual(['second', 'third']);
      expect(outcomes.map((o) => o.kind)).toEqual(['accepted', 'accepted']);
      await pipeline.whenScored();
      for (const t of targets) t.open();
      await Promise.all(exporters.map((e) => e.whenIdle()));
      expect(targets[0].delivered.map((r) => r.record.body)).toEqual(Array.from({ length: 60 }, (_, i) => `request ${i} served in ${(i < 20 ? i % 10 : i % 20) % 9} ms`));

      // A request that found room before decoding but is larger than what is left waits too.
      const second = setup([1000, 1000], scoring, 20, [false, false], 5_000).pipeline;
      const early = [second.consume(request('api', 15, 100), { transport: 'grpc' }), second.consume(request('api', 4, 115), { transport: 'grpc' })];
      expect(second.whenScoringRoom()).toBe(true); // 19 of 20
      const larger = second.consume(request('api', 10, 119), { transport: 'grpc' });
      expect(second.scoring).toBe(19); // not taken yet: waiting for room
      expect((await larger).kind).toBe('accepted');
      expect((await Promise.all(early)).map((o) => o.kind)).toEqual(['accepted', 'accepted']);
      await second.whenScored();

      // With waiting off (the default), a full queue is refused before decoding, as before.
      const refusing = setup([1000, 1000], scoring, 20).pipeline;
      const taken = [refusing.consume(request('api', 10, 80), { transport: 'grpc' }), refusing.consume(request('api', 10, 90), { transport: 'grpc' })];
      expect(refusing.whenScoringRoom()).toBe(true);
      expect(refusing.fullNow()).toEqual({ kind: 'backpressure', retryAfterSeconds: 1 });
      await Promise.all(taken);
      await refusing.whenScored();
    } finally {
      await scoring.stop();
    }
  });

  it('with a scoring thread, leaves records unenriched only when every exporter writes anomalog.* attributes from verdicts', async () => {
    const scoring = await ScoringThread.start({ engineConfig: {}, templatesPerService: 100, state: undefined, logLevel: 'silent', statsIntervalMs: 60_000 }, silentLogger());
    try {
      for (const writesVerdicts of [[true, true], [true, false]] as [boolean, boolean][]) {
        const { pipeline, targets, exporters } = setup([100, 100], scoring, 100, writesVerdicts);
        const data = request('api', 3);
        // The second record's client sent an anomalog.* attribute of its own: it is replaced in place.
        data.resourceLogs[0].scopeLogs[0].logRecords[1].attributes.push({ key: 'anomalog.score', value: 'sent by the client' }, { key: 'user.id', value: 'u1' });
        expect((await pipeline.consume(data, { transport: 'grpc' })).kind).toBe('accepted');
        await pipeline.whenScored();
        for (const t of targets) t.open();
        await Promise.all(exporters.map((e) => e.whenIdle()));
        const delivered = targets[0].delivered;
        expect(delivered).toHaveLength(3);
        const [plain, sent] = delivered;
        expect(sent.verdictAttributes).toBe(false);
        expect(sent.record.attributes.map((a) => a.key).slice(0, 2)).toEqual(['anomalog.score', 'user.id']);
        expect(sent.record.attributes[0].value).toBe(sent.verdict.score);
        if (writesVerdicts[1]) {
          expect(plain.verdictAttributes).toBe(true);
          expect(plain.record.attributes).toEqual([]);
        } else {
          expect(plain.verdictAttributes).toBe(false);
          expect(plain.record.attributes.find((a) => a.key === 'anomalog.template_id')?.value).toBe(plain.verdict.templateId);
        }
      }
    } finally {
      await scoring.stop();
    }
  });

  it('with its scoring thread gone, takes nothing more: the receiver answers with an error', async () => {
    const scoring = await ScoringThread.start({ engineConfig: {}, templatesPerService: 100, state: undefined, logLevel: 'silent', statsIntervalMs: 60_000 }, silentLogger());
    const { pipeline, exporters } = setup([100, 100], scoring, 100);
    expect((await pipeline.consume(request('api', 5), { transport: 'grpc' })).kind).toBe('accepted');
    await pipeline.whenScored();
    await scoring.stop();
    expect(scoring.failure).toBeInstanceOf(Error);
    await expect(pipeline.consume(request('api', 5, 5), { transport: 'grpc' })).rejects.toThrow(/scoring thread exited/);
    expect(exporters.map((e) => e.pending)).toEqual([5, 5]);
  });

  it('with a scoring thread and only JSONL exporters, renders requests as taken: the same lines, anomalies and graph as from decoded records', async () => {
    const data = (offset: number): LogsData => {
      const d = request('api', 30, offset);
      const records = d.resourceLogs[0].scopeLogs[0].logRecords;
      records.forEach((r, i) => {
        r.attributes.push({ key: 'client.address', value: `10.0.0.${i % 4}` }, { key: 'user.id', value: `u${i % 3}` });
        r.traceId = Uint8Array.from({ length: 16 }, (_, k) => k + i);
        r.spanId = Uint8Array.from({ length: 8 }, (_, k) => 8 * k + i);
      });
      // A record scored before keeps one anomalog.score, its value replaced from the new verdict.
      records[3].attributes.push({ key: 'anomalog.score', value: 0.123 });
      records[29].body = 'FATAL kernel panic: unable to mount root fs on unknown-block(0,0)';
      records[29].severityNumber = 21;
      return d;
    };
    const run = async (decodedToo: boolean) => {
      const scoring = await ScoringThread.start({ engineConfig: {}, templatesPerService: 100, state: undefined, logLevel: 'silent', statsIntervalMs: 60_000 }, silentLogger());
      try {
        const metrics = new ServiceMetrics({ labelValuesLimit: 100, processMetrics: false });
        const out = new PassThrough();
        const chunks: Buffer[] = [];
        // A copy: the sender reuses its buffer once the stream has taken a write.
        out.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
        const queue = queueSchema.parse({ capacity: 1000, batchSize: 10, flushIntervalMs: 5 });
        const exporters: QueuedExporter<QueuedRecord>[] = [new QueuedExporter<QueuedRecord>('jsonl', 'jsonl', new JsonlSender(jsonlExporterSchema.parse({ path: '-' }), out), queue, retrySchema.parse({}), metrics, silentLogger())];
        // A sender that takes decoded records only turns rendering off for the whole pipeline.
        const decoded = new VerdictWritingTarget();
        decoded.open();
        if (decodedToo) exporters.push(new QueuedExporter('decoded', 'test', decoded, queue, retrySchema.parse({}), metrics, silentLogger()));
        const graph = new ServiceGraph({ maxSpans: 100, windowSeconds: 60, maxEdges: 100, peerServiceDirection: 'callee' }, metrics);
        const anomalies = new AnomalyRing(100);
        const pipeline = new Pipeline({ scoring, maxScoringRecords: 1000, exporters, metrics, graph, anomalies, log: silentLogger() });
        expect(pipeline.rendersAtTaking).toBe(!decodedToo);
        for (let k = 0; k < 3; k++) expect((await pipeline.consume(data(k * 30), { transport: 'grpc' })).kind).toBe('accepted');
        await pipeline.whenScored();
        await Promise.all(exporters.map((e) => e.whenIdle()));
        return { lines: Buffer.concat(chunks).toString('utf8').trim().split('\n'), anomalies: anomalies.list(100), graph: graph.toNodeGraph(), decoded: decoded.delivered.length };
      } finally {
        await scoring.stop();
      }
    };
    const rendered = await run(false);
    const decoded = await run(true);
    expect(decoded.decoded).toBe(90);
    expect(rendered.lines).toHaveLength(90);
    expect(rendered.lines).toEqual(decoded.lines);
    const carried = JSON.parse(rendered.lines[3]) as { attributes: Record<string, unknown> };
    expect(Object.keys(carried.attributes).filter((k) => k === 'anomalog.score')).toHaveLength(1);
    expect(carried.attributes['anomalog.score']).not.toBe(0.123);
    expect(rendered.anomalies.length).toBeGreaterThan(0);
    expect(rendered.anomalies).toEqual(decoded.anomalies);
    expect(rendered.anomalies.map((a) => a.spanId)).toContain('1d252d353d454d55');
    expect(rendered.graph.edges.length).toBeGreaterThan(0);
    expect(rendered.graph).toEqual(decoded.graph);
  });

  it('with rendering at receipt, a fault while rendering gives the reserved room back and hands nothing over', async () => {
    const scoring = await ScoringThread.start({ engineConfig: {}, templatesPerService: 100, state: undefined, logLevel: 'silent', statsIntervalMs: 60_000 }, silentLogger());
    try {
      const metrics = new ServiceMetrics({ labelValuesLimit: 10, processMetrics: false });
      const queue = queueSchema.parse({ capacity: 100, batchSize: 10, flushIntervalMs: 5 });
      const exporter = new QueuedExporter<QueuedRecord>('jsonl', 'jsonl', new JsonlSender(jsonlExporterSchema.parse({ path: '-' }), new PassThrough()), queue, retrySchema.parse({}), metrics, silentLogger());
      const graph = new ServiceGraph({ maxSpans: 100, windowSeconds: 60, maxEdges: 100, peerServiceDirection: 'callee' }, metrics);
      const pipeline = new Pipeline({ scoring, maxScoringRecords: 1000, exporters: [exporter], metrics, graph, anomalies: new AnomalyRing(10), log: silentLogger() });
      expect(pipeline.rendersAtTaking).toBe(true);
      // A decoded request no decoder makes (a time that is not an int64): rendering it fails.
      const broken = request('api', 5);
      broken.resourceLogs[0].scopeLogs[0].logRecords[2].timeUnixNano = 5 as unknown as bigint;
      await expect(pipeline.consume(broken, { transport: 'grpc' })).rejects.toThrow();
      expect(exporter.pending).toBe(0);
      expect(pipeline.scoring).toBe(0);
      expect((await pipeline.consume(request('api', 5), { transport: 'grpc' })).kind).toBe('accepted');
      await pipeline.whenScored();
      expect(exporter.pending).toBeLessThanOrEqual(5);
    } finally {
      await scoring.stop();
    }
  });
});
