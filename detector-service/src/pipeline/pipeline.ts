/**
 * The processing pipeline between receivers and exporters (receivers → processor → exporters, as
 * in the OTel Collector). A request is taken only when every exporter's queue has room for all
 * its records; otherwise the whole request is refused with a retry hint, so nothing accepted is
 * ever dropped for lack of room.
 *
 * Scoring runs either here on the event loop (an engine given in `parts.engine`: the request is
 * answered after scoring) or in the scoring thread (`parts.scoring`): then the request is answered
 * as soon as its records are queued for scoring with room reserved in every exporter, and they are
 * exported when their verdicts come back. Records queued for scoring are capped
 * (`maxScoringRecords`); past the cap, and while the scoring thread restarts after a crash,
 * requests get backpressure.
 */
import { carriesVerdictAttributes, type Engine, type LogsData, type RecordVerdict } from '@anomalog/collector-processor';
import type { Logger } from '../logger.js';
import type { ExportRecord, QueuedRecord } from '../exporters/export-record.js';
import type { QueuedExporter } from '../exporters/queued-exporter.js';
import type { ServiceMetrics } from '../metrics/service-metrics.js';
import type { GraphEvidence, ServiceGraph } from '../metrics/service-graph.js';
import type { AnomalyRing } from '../admin/anomaly-ring.js';
import type { TemplateCatalog } from '../admin/template-catalog.js';
import { encodeExportLogsRequest } from '../otlp/proto-encode-logs.js';
import { countRecords } from '../otlp/count-records.js';
import { renderRecords, type RenderedRecords } from '../exporters/jsonl/rendered-records.js';
import type { ConsumeMeta, ConsumeOutcome, LogsConsumer } from './consumer.js';
import { enrichFromVerdicts, enrichRecordAttributes } from './enrich-record.js';
import { RoomWaiters } from './room-waiters.js';
import type { ScoringThread } from './scoring-thread.js';

export interface PipelineParts {
  /** Scoring on the event loop. */
  engine?: Engine;
  /** Scoring in the scoring thread (which keeps the template catalog itself). */
  scoring?: ScoringThread;
  /** Records queued for the scoring thread at most (default 4,000, as processor.maxScoringRecords). */
  maxScoringRecords?: number;
  /**
   * How long a request that finds the scoring queue full waits for room before it is refused
   * (default 0: refused at once). See whenScoringRoom.
   */
  maxScoringWaitMs?: number;
  exporters: QueuedExporter<QueuedRecord>[];
  metrics: ServiceMetrics;
  graph: ServiceGraph;
  /** The admin catalog, observed here when scoring runs here. */
  catalog?: TemplateCatalog;
  anomalies: AnomalyRing;
  log: Logger;
}

/** Longest retry hint given to clients, so a long target outage does not park them for minutes. */
const MAX_RETRY_HINT_SECONDS = 30;
const DEFAULT_MAX_SCORING_RECORDS = 4_000;
/** Requests the scoring thread may always hold, whatever their size: the one it scores and the next. */
const MIN_SCORING_REQUESTS = 2;
/** Requests taken whose sizes fullNow() remembers: one large request must not turn small ones away. */
const RECENT_TAKEN = 8;
/** Requests waiting for room in the scoring queue at most (their bytes count in the receivers' budget too). */
const MAX_WAITING_REQUESTS = 256;

const ACCEPTED: ConsumeOutcome = { kind: 'accepted', rejectedRecords: 0, message: '' };

export class Pipeline implements LogsConsumer {
  private catalogDroppedReported = 0;
  /** Records sent to the scoring thread whose verdicts have not come back. */
  private scoringRecords = 0;
  /** Requests those records came in. */
  private scoringRequests = 0;
  private readonly maxScoringRecords: number;
  private drainWaiters: (() => void)[] = [];
  /** Every exporter writes anomalog.* attributes from verdicts: records without any are not enriched. */
  private readonly verdictsWritten: boolean;
  /** Record counts of the last requests taken (0: none yet); fullNow() expects the smallest of them. */
  private readonly recentTaken = new Int32Array(RECENT_TAKEN);
  private recentTakenNext = 0;
  private readonly roomWaiters: RoomWaiters;
  /**
   * Requests are rendered for export as they are taken and their decoded records let go (every
   * exporter takes rendered records; see RenderedRecords for why).
   */
  readonly rendersAtTaking: boolean;

  constructor(private readonly parts: PipelineParts) {
    if ((parts.engine === undefined) === (parts.scoring === undefined)) throw new Error('a pipeline scores with an engine or a scoring thread, one of them');
    this.maxScoringRecords = parts.maxScoringRecords ?? DEFAULT_MAX_SCORING_RECORDS;
    this.roomWaiters = new RoomWaiters(parts.scoring ? (parts.maxScoringWaitMs ?? 0) : 0, MAX_WAITING_REQUESTS);
    this.verdictsWritten = parts.exporters.length > 0 && parts.exporters.every((e) => e.writesVerdictAttributes);
    this.rendersAtTaking = parts.scoring !== undefined && parts.exporters.length > 0 && parts.exporters.every((e) => e.takesRenderedRecords);
  }

  /** The engine in use when scoring runs on the event loop. */
  get engine(): Engine {
    if (!this.parts.engine) throw new Error('the engine runs in the scoring thread');
    return this.parts.engine;
  }

  /** Records accepted and still being scored. */
  get scoring(): number {
    return this.scoringRecords;
  }

  async consume(data: LogsData, meta: ConsumeMeta): Promise<ConsumeOutcome> {
    // Received/accepted/refused counts and the request latency are recorded by the receivers.
    const n = countRecords(data);
    if (n === 0) return ACCEPTED;
    return this.parts.scoring ? this.consumeThreaded(this.parts.scoring, data, n, meta) : this.consumeInline(this.parts.engine!, data, n, meta);
  }

  /**
   * Backpressure, before the request is decoded, while the scoring thread restarts, while the
   * scoring queue is at its cap and waiting for room is off (overload: seconds at most), or while a healthy exporter could not take a request as small as the
   * smallest of the last ones taken (a target slower than the stream: each request would
   * otherwise be decoded only to be refused, and that waste takes the CPU the exporter needs to
   * catch up). A smaller request may still fit: it is found out after decoding, as is a full
   * queue of a failing exporter, whose refused records are then counted (an outage can last long,
   * and its retry hint keeps clients away meanwhile).
   */
  fullNow(): Extract<ConsumeOutcome, { kind: 'backpressure' }> | undefined {
    // A scoring thread that restarts after a crash takes nothing until the new one is ready.
    if (this.parts.scoring?.restarting) return { kind: 'backpressure', retryAfterSeconds: this.parts.scoring.retryAfterSeconds };
    // A full scoring queue is waited out (whenScoringRoom) when waiting is on.
    if (this.parts.scoring && !this.scoringHasRoom() && !this.waitsForRoom) return this.scoringFull();
    const smallest = this.smallestRecent();
    if (smallest === 0) return undefined;
    for (const exporter of this.parts.exporters) if (!exporter.failing && !exporter.canTake(smallest)) return this.backpressure(smallest);
    return undefined;
  }

  private get waitsForRoom(): boolean {
    return this.parts.scoring !== undefined && (this.parts.maxScoringWaitMs ?? 0) > 0;
  }

  /**
   * True when a request may be decoded and handed over now; otherwise a promise that resolves
   * true once the scoring queue has room for it (requests are woken in arrival order as the
   * scoring thread catches up), or false when it waited `maxScoringWaitMs` in vain or too many
   * wait already: the receiver then answers with backpressure. Receivers ask after fullNow()
   * and before decoding, so the requests that wait hold their bytes, not decoded records.
   */
  whenScoringRoom(): true | Promise<boolean> {
    if (!this.waitsForRoom || this.scoringHasRoom()) return true;
    return this.roomWaiters.wait().then((room) => {
      if (!room) this.scoringFull();
      return room;
    });
  }

  /**
   * Room below the cap, and always for a second request: the thread then has the next one at
   * hand when it finishes a request larger than the cap (a collector's batches of 8,192).
   */
  private scoringHasRoom(): boolean {
    return this.scoringRecords < this.maxScoringRecords || this.scoringRequests < MIN_SCORING_REQUESTS;
  }

  private scoringFull(): Extract<ConsumeOutcome, { kind: 'backpressure' }> {
    this.parts.metrics.countCapEvent('pipeline.scoring.full');
    return { kind: 'backpressure', retryAfterSeconds: 1 };
  }

  /** The smallest of the last requests taken (0: none yet). */
  private smallestRecent(): number {
    let smallest = 0;
    for (let i = 0; i < RECENT_TAKEN; i++) {
      const n = this.recentTaken[i];
      if (n > 0 && (smallest === 0 || n < smallest)) smallest = n;
    }
    return smallest;
  }

  private taken(n: number): void {
    this.recentTaken[this.recentTakenNext] = n;
    this.recentTakenNext = (this.recentTakenNext + 1) % RECENT_TAKEN;
  }

  /** Backpressure with the longest retry hint of the exporters without room for `n` records. */
  private backpressure(n: number): Extract<ConsumeOutcome, { kind: 'backpressure' }> {
    let hint = 1;
    for (const exporter of this.parts.exporters) if (!exporter.canTake(n)) hint = Math.max(hint, exporter.retryHintSeconds());
    return { kind: 'backpressure', retryAfterSeconds: Math.min(MAX_RETRY_HINT_SECONDS, hint) };
  }

  private consumeInline(engine: Engine, data: LogsData, n: number, meta: ConsumeMeta): ConsumeOutcome {
    const { exporters } = this.parts;
    for (const exporter of exporters) if (!exporter.canTake(n)) return this.backpressure(n);

    let verdicts: RecordVerdict[];
    try {
      verdicts = engine.process(data);
    } catch (err) {
      // An engine fault on one request must not take the service down; the client is told.
      this.parts.log.error({ err, records: n, transport: meta.transport }, 'scoring failed; request rejected');
      return { kind: 'accepted', rejectedRecords: n, message: `scoring failed: ${(err as Error).message}` };
    }

    const records = this.toExportRecords(data, verdicts);
    for (const exporter of exporters) exporter.offer(records);
    this.taken(n);
    this.parts.catalog?.observe(verdicts);
    this.observe(data, verdicts, records);
    return ACCEPTED;
  }

  private consumeThreaded(scoring: ScoringThread, data: LogsData, n: number, meta: ConsumeMeta, waitUntil?: number): ConsumeOutcome | Promise<ConsumeOutcome> {
    const { exporters } = this.parts;
    // Nothing is taken that could not be scored: the receiver answers INTERNAL / 500.
    if (scoring.failure) throw scoring.failure;
    if (scoring.restarting) return { kind: 'backpressure', retryAfterSeconds: scoring.retryAfterSeconds };
    if (this.scoringRequests >= MIN_SCORING_REQUESTS && this.scoringRecords + n > this.maxScoringRecords) {
      // A request found room before decoding but is larger than what is left: it waits for room
      // too (decoded now), within the same time limit, rather than being refused.
      if (!this.waitsForRoom) return this.scoringFull();
      return this.waitToConsume(scoring, data, n, meta, waitUntil ?? Date.now() + (this.parts.maxScoringWaitMs ?? 0));
    }
    for (let i = 0; i < exporters.length; i++) {
      if (exporters[i].reserve(n)) continue;
      for (let j = 0; j < i; j++) exporters[j].release(n);
      return this.backpressure(n);
    }
    // The thread gets protobuf: the client's bytes when it sent protobuf; otherwise (OTLP/JSON, or
    // a caller handing over decoded data) the request encoded here. Encoding costs this thread
    // about a quarter of what decoding JSON again would cost the scoring thread, the busier one.
    let raw: NonNullable<ConsumeMeta['raw']>;
    let rendered: RenderedRecords | undefined;
    let evidence: GraphEvidence | undefined;
    try {
      raw = meta.raw?.format === 'protobuf' ? meta.raw : { format: 'protobuf', bytes: encodeExportLogsRequest(data), maxNestingDepth: meta.raw?.maxNestingDepth };
      if (this.rendersAtTaking) {
        rendered = renderRecords(data);
        evidence = this.parts.graph.collect(data);
      }
    } catch (err) {
      // A fault of ours before the hand-over: the room goes back, the receiver answers INTERNAL / 500.
      for (const exporter of exporters) exporter.release(n);
      throw err;
    }
    this.scoringRecords += n;
    this.scoringRequests++;
    this.taken(n);
    const verdicts = scoring.score(raw.format, raw.bytes, raw.maxNestingDepth);
    if (rendered !== undefined && evidence !== undefined) this.awaitRendered(verdicts, rendered, evidence, n);
    else this.awaitDecoded(verdicts, data, n);
    return ACCEPTED;
  }

  // The two waits for verdicts are methods of their own: a closure made in consumeThreaded would
  // share its scope, and so keep `data` alive, when rendering is meant to let it go.
  private awaitDecoded(verdicts: Promise<RecordVerdict[]>, data: LogsData, n: number): void {
    verdicts.then(
      (v) => this.scored(data, v, n),
      (err: unknown) => this.unscored(n, err),
    );
  }

  private awaitRendered(verdicts: Promise<RecordVerdict[]>, rendered: RenderedRecords, evidence: GraphEvidence, n: number): void {
    verdicts.then(
      (v) => this.scoredRendered(rendered, evidence, v, n),
      (err: unknown) => this.unscored(n, err),
    );
  }

  private async waitToConsume(scoring: ScoringThread, data: LogsData, n: number, meta: ConsumeMeta, waitUntil: number): Promise<ConsumeOutcome> {
    const left = waitUntil - Date.now();
    if (left <= 0 || !(await this.roomWaiters.wait(left))) return this.scoringFull();
    return this.consumeThreaded(scoring, data, n, meta, waitUntil);
  }

  /** Verdicts back from the scoring thread: the reserved room takes the records. */
  private scored(data: LogsData, verdicts: RecordVerdict[], n: number): void {
    let records: ExportRecord[];
    try {
      if (this.verdictsWritten) {
        records = this.toExportRecordsWithVerdictAttributes(data, verdicts);
      } else {
        enrichFromVerdicts(data, verdicts);
        records = this.toExportRecords(data, verdicts);
      }
    } catch (err) {
      return this.unscored(n, err);
    }
    for (const exporter of this.parts.exporters) exporter.commit(records);
    this.scoringDone(n);
    this.observe(data, verdicts, records);
  }

  /** Verdicts back for a rendered request: its lines are completed as the exporters write them. */
  private scoredRendered(rendered: RenderedRecords, evidence: GraphEvidence, verdicts: RecordVerdict[], n: number): void {
    if (verdicts.length !== rendered.count) return this.unscored(n, new Error(`scoring returned ${verdicts.length} verdicts for ${rendered.count} records`));
    const records = new Array<QueuedRecord>(verdicts.length);
    const carrying = rendered.carrying;
    for (let i = 0; i < verdicts.length; i++) {
      const verdict = verdicts[i];
      const carried = carrying?.get(i);
      if (carried === undefined) {
        records[i] = { rendered, index: i, verdict };
      } else {
        enrichRecordAttributes(carried.record.attributes, verdict);
        records[i] = { resourceLogs: carried.resourceLogs, scopeLogs: carried.scopeLogs, record: carried.record, verdict, verdictAttributes: false };
      }
    }
    for (const exporter of this.parts.exporters) exporter.commit(records);
    this.scoringDone(n);
    const { metrics, graph, catalog, anomalies } = this.parts;
    metrics.observeVerdicts(verdicts);
    graph.observeEvidence(evidence, verdicts);
    if (catalog) this.reportCatalogDropped(catalog.dropped);
    this.countAnomalies(() => {
      for (let i = 0; i < verdicts.length; i++) {
        const verdict = verdicts[i];
        if (!verdict.isAnomaly) continue;
        const carried = carrying?.get(i);
        if (carried !== undefined) anomalies.add(verdict, carried.record);
        else anomalies.addParts(verdict, rendered.timeNanos(i, verdict.timeMs), rendered.traceIdHex(i), rendered.spanIdHex(i));
      }
    });
  }

  /** Accepted records the scoring thread could not score (a fault of ours): counted, logged, dropped. */
  private unscored(n: number, err: unknown): void {
    this.parts.log.error({ err, records: n }, 'scoring failed on an accepted request; its records are dropped');
    for (const exporter of this.parts.exporters) {
      exporter.release(n);
      this.parts.metrics.dropped(exporter.name, 'scoring_failed', n);
    }
    this.scoringDone(n);
  }

  private scoringDone(n: number): void {
    this.scoringRecords -= n;
    this.scoringRequests--;
    if (this.roomWaiters.size > 0 && this.scoringHasRoom()) {
      // As many as the room takes at the size of recent requests; each decodes and is taken in
      // its own turn before the next verdicts come back, and one that no longer fits is refused.
      const typical = this.smallestRecent();
      this.roomWaiters.wake(typical > 0 ? Math.max(1, Math.floor((this.maxScoringRecords - this.scoringRecords) / typical)) : 1);
    }
    if (this.scoringRecords === 0) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** Resolves once every accepted record has been scored and handed to the exporters. */
  whenScored(): Promise<void> {
    if (this.scoringRecords === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private toExportRecords(data: LogsData, verdicts: RecordVerdict[]): ExportRecord[] {
    const out = new Array<ExportRecord>(verdicts.length);
    let i = 0;
    for (const resourceLogs of data.resourceLogs) {
      for (const scopeLogs of resourceLogs.scopeLogs) {
        for (const record of scopeLogs.logRecords) {
          out[i] = { resourceLogs, scopeLogs, record, verdict: verdicts[i], verdictAttributes: false };
          i++;
        }
      }
    }
    if (i !== verdicts.length) throw new Error(`engine returned ${verdicts.length} verdicts for ${i} records`);
    return out;
  }

  /**
   * Export records whose anomalog.* attributes the exporters write from the verdicts: a record
   * that carries none is left as it came (seven attribute objects per record spared); one that
   * already carries some (sent by its client) is enriched here, as replacing them in place is
   * the rule.
   */
  private toExportRecordsWithVerdictAttributes(data: LogsData, verdicts: RecordVerdict[]): ExportRecord[] {
    const n = countRecords(data);
    if (n !== verdicts.length) throw new Error(`scoring returned ${verdicts.length} verdicts for ${n} records`);
    const out = new Array<ExportRecord>(n);
    let i = 0;
    for (const resourceLogs of data.resourceLogs) {
      for (const scopeLogs of resourceLogs.scopeLogs) {
        for (const record of scopeLogs.logRecords) {
          const verdict = verdicts[i];
          const carried = carriesVerdictAttributes(record.attributes);
          if (carried) enrichRecordAttributes(record.attributes, verdict);
          out[i++] = { resourceLogs, scopeLogs, record, verdict, verdictAttributes: !carried };
        }
      }
    }
    return out;
  }

  /** Counts what the scoring thread's catalog dropped since last told (it reports its total). */
  reportCatalogDropped(total: number): void {
    if (total > this.catalogDroppedReported) {
      this.parts.metrics.countCapEvent('admin.templates.dropped', total - this.catalogDroppedReported);
      this.catalogDroppedReported = total;
    }
  }

  private observe(data: LogsData, verdicts: RecordVerdict[], records: ExportRecord[]): void {
    const { metrics, graph, catalog, anomalies } = this.parts;
    metrics.observeVerdicts(verdicts);
    graph.observe(data, verdicts);
    if (catalog) this.reportCatalogDropped(catalog.dropped);
    this.countAnomalies(() => {
      for (const r of records) if (r.verdict.isAnomaly) anomalies.add(r.verdict, r.record);
    });
  }

  /** Runs `add` (which adds a batch's anomalies to the ring) and counts those it overwrote. */
  private countAnomalies(add: () => void): void {
    const { anomalies, metrics } = this.parts;
    const overwrittenBefore = Math.max(0, anomalies.total - anomalies.capacity);
    add();
    const overwritten = Math.max(0, anomalies.total - anomalies.capacity) - overwrittenBefore;
    if (overwritten > 0) metrics.countCapEvent('admin.anomalies.overwritten', overwritten);
  }
}
