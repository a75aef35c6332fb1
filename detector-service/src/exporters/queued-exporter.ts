/**
 * The part every exporter shares: a bounded queue counted in records, batching by size and time,
 * retries with exponential backoff and jitter (a server's Retry-After wins), and an honest account
 * of every record: sent, retried, or dropped with a reason and a log line.
 */
import type { Logger } from '../logger.js';
import type { QueueConfig, RetryConfig } from '../config/schema.js';
import type { ExportRecord, QueuedRecord, Sender, SendResult } from './export-record.js';
import { RecordQueue } from './record-queue.js';
import { backoffMs } from './retry.js';

/** Batches a coalescing (local) sender may take at once from a backed-up queue. */
const COALESCE_BATCHES = 8;

export interface ExporterCounters {
  sent(exporter: string, records: number): void;
  failed(exporter: string, reason: string, records: number): void;
  dropped(exporter: string, reason: string, records: number): void;
}

export class QueuedExporter<R extends QueuedRecord = ExportRecord> {
  private readonly queue: RecordQueue<R>;
  private inflight = 0;
  /** Records promised room (reserve) that are still being scored. */
  private reserved = 0;
  /** Send loops running (at most queue.concurrency). */
  private workers = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private draining = false;
  private aborted = false;
  private readonly wakers = new Set<() => void>();
  private idleWaiters: (() => void)[] = [];
  /** When the current retry wait ends (ms since epoch), 0 when not waiting. */
  private retryUntil = 0;
  private lastAttemptFailed = false;

  constructor(
    readonly name: string,
    readonly type: string,
    private readonly sender: Sender<R>,
    private readonly queueConfig: QueueConfig,
    private readonly retryConfig: RetryConfig,
    private readonly counters: ExporterCounters,
    private readonly log: Logger,
  ) {
    this.queue = new RecordQueue<R>(queueConfig.capacity);
  }

  get capacity(): number {
    return this.queue.capacity;
  }

  /** Its sender takes records rendered at receipt (Sender.takesRenderedRecords). */
  get takesRenderedRecords(): boolean {
    return this.sender.takesRenderedRecords === true;
  }

  /** Its sender writes anomalog.* attributes from verdicts (ExportRecord.verdictAttributes). */
  get writesVerdictAttributes(): boolean {
    return this.sender.writesVerdictAttributes === true;
  }

  /** Records reserved, waiting or being sent. */
  get pending(): number {
    return this.queue.size + this.inflight + this.reserved;
  }

  /** Records the queue can still take. */
  room(): number {
    return this.draining ? 0 : this.queue.capacity - this.pending;
  }

  /**
   * Whether `records` records would be taken now. A request larger than the whole queue is taken
   * when nothing is pending, or it could never be.
   */
  canTake(records: number): boolean {
    return !this.draining && (records <= this.room() || this.pending === 0);
  }

  /** Its target failed the last attempt (an outage, or a target refusing for now) and it is retrying. */
  get failing(): boolean {
    return this.lastAttemptFailed;
  }

  /** Seconds a refused client should wait: the remaining retry wait if the target is failing. */
  retryHintSeconds(): number {
    return Math.max(1, Math.ceil((this.retryUntil - Date.now()) / 1000));
  }

  /** Queues every record or none; false means the caller must push back on its client. */
  offer(records: readonly R[]): boolean {
    if (records.length === 0) return true;
    if (!this.canTake(records.length)) return false;
    if (!this.queue.pushAll(records)) return false;
    this.schedule();
    return true;
  }

  /**
   * Promises room for `records` records still being scored: true when taken (as offer would),
   * after which they are queued by commit, which never refuses, or given back by release.
   */
  reserve(records: number): boolean {
    if (!this.canTake(records)) return false;
    this.reserved += records;
    return true;
  }

  /** Queues records room was reserved for; taken even while draining, as promised. */
  commit(records: readonly R[]): void {
    this.reserved -= records.length;
    if (records.length === 0) return this.idleCheck();
    // The reservation kept this room free (a request larger than the queue was reserved alone).
    if (!this.queue.pushAll(records)) throw new Error(`exporter ${this.name}: no room for ${records.length} reserved records`);
    this.schedule();
  }

  /** Gives back a reservation whose records will not come. */
  release(records: number): void {
    this.reserved -= records;
    this.idleCheck();
  }

  private idleCheck(): void {
    if (this.pending === 0 && this.workers === 0) this.notifyIdle();
  }

  private schedule(): void {
    if (this.aborted) return;
    const { batchSize, concurrency } = this.queueConfig;
    if (this.queue.size >= batchSize || (this.draining && this.queue.size > 0)) {
      if (this.flushTimer) clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      // One worker per full batch waiting, up to the configured number of requests in flight.
      const wanted = Math.min(concurrency - this.workers, Math.ceil(this.queue.size / batchSize));
      for (let i = 0; i < wanted; i++) this.startWorker(false);
    } else if (this.flushTimer === undefined && this.queue.size > 0 && this.workers === 0) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = undefined;
        if (this.workers === 0) this.startWorker(true);
      }, this.queueConfig.flushIntervalMs);
    }
  }

  private startWorker(flushPartial: boolean): void {
    this.workers++;
    setImmediate(() => void this.work(flushPartial));
  }

  /** Sends batches while there are full ones (or any, when flushing on a timer or draining). */
  private async work(flushPartial: boolean): Promise<void> {
    try {
      let partialAllowed = flushPartial;
      while (!this.aborted && this.queue.size > 0) {
        if (!partialAllowed && !this.draining && this.queue.size < this.queueConfig.batchSize) break;
        partialAllowed = false;
        const size = this.sender.coalesce ? this.queueConfig.batchSize * COALESCE_BATCHES : this.queueConfig.batchSize;
        const batch = this.queue.take(size);
        this.inflight += batch.length;
        try {
          await this.deliver(batch);
        } finally {
          // After an abort the batch stays counted: shutdown reports it as undelivered.
          if (!this.aborted) this.inflight -= batch.length;
        }
      }
    } finally {
      this.workers--;
    }
    if (this.pending === 0 && this.workers === 0) this.notifyIdle();
    else this.schedule();
  }

  private async attempt(batch: R[]): Promise<SendResult> {
    try {
      return await this.sender.send(batch);
    } catch (err) {
      return { kind: 'retryable', reason: 'error', message: (err as Error).message };
    }
  }

  private async deliver(batch: R[]): Promise<void> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const result = await this.attempt(batch);
      this.lastAttemptFailed = result.kind === 'retryable';
      if (result.kind === 'ok') {
        const rejected = Math.min(result.rejected ?? 0, batch.length);
        this.counters.sent(this.name, batch.length - rejected);
        if (rejected > 0) {
          this.counters.dropped(this.name, 'rejected_by_target', rejected);
          this.log.warn({ rejected, message: result.message }, 'export target rejected some records');
        }
        return;
      }
      if (result.kind === 'fatal') {
        this.counters.dropped(this.name, result.reason, batch.length);
        this.log.error(
          { records: batch.length, reason: result.reason, message: result.message },
          'export target refused a batch that cannot succeed on retry; records dropped',
        );
        return;
      }
      this.counters.failed(this.name, result.reason, batch.length);
      const elapsedMs = Date.now() - started;
      const maxElapsedMs = this.retryConfig.maxElapsedSeconds * 1000;
      if (maxElapsedMs > 0 && elapsedMs >= maxElapsedMs) {
        this.counters.dropped(this.name, 'retry_exhausted', batch.length);
        this.log.error(
          { records: batch.length, reason: result.reason, elapsedMs },
          'export retries exhausted; records dropped',
        );
        return;
      }
      const waitMs = result.retryAfterMs ?? backoffMs(attempt, this.retryConfig);
      if (attempt === 1 || attempt % 10 === 0) {
        this.log.warn(
          { attempt, reason: result.reason, message: result.message, waitMs },
          'export failed, will retry',
        );
      }
      this.retryUntil = Math.max(this.retryUntil, Date.now() + waitMs);
      await this.sleep(waitMs);
      if (Date.now() >= this.retryUntil) this.retryUntil = 0;
      if (this.aborted) return;
    }
  }

  /** A retry wait that shutdown can cut short. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /** Resolves when nothing is queued or in flight (used by tests and the drain on shutdown). */
  whenIdle(): Promise<void> {
    if (this.pending === 0 && this.workers === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops taking records and sends what is queued, for at most `deadlineMs`. What is still
   * undelivered then is counted as dropped (reason `shutdown`) and logged. Returns that count.
   */
  async shutdown(deadlineMs: number): Promise<number> {
    this.draining = true;
    this.schedule();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), deadlineMs);
    });
    const outcome = await Promise.race([this.whenIdle().then(() => 'idle' as const), deadline]);
    clearTimeout(timer);
    let lost = 0;
    if (outcome === 'deadline') {
      this.aborted = true;
      if (this.flushTimer) clearTimeout(this.flushTimer);
      for (const wake of this.wakers) wake();
      lost = this.pending;
      if (lost > 0) {
        this.counters.dropped(this.name, 'shutdown', lost);
        this.log.error({ records: lost, deadlineMs }, 'shutdown deadline passed with records still undelivered');
      }
    }
    await this.sender.close();
    return lost;
  }
}
