/**
 * The main thread's handle on the scoring thread: starts it (restoring state there), sends it
 * requests to score, and keeps the figures it reports (engine stats, catalog, saves) for the
 * metrics and /api/v1/status, which read them synchronously.
 *
 * A thread that ends unexpectedly (an uncaught exception, out of memory) is replaced, within the
 * bounds of a RestartPolicy: the requests it held fail, a new thread is started after a backoff
 * and restores the last saved state as at start. The handle stays the same object throughout, so
 * the pipeline keeps its reference; `restarting` tells it meanwhile to give backpressure.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RecordVerdict } from '@anomalog/collector-processor';
import type { Logger } from '../logger.js';
import type { FromScoring, RequestFormat, ScoringFigures, ScoringThreadInit, TemplateListing, ToScoring } from './scoring-protocol.js';
import { decodeVerdicts } from './verdict-wire.js';

/**
 * Test drill: when set in the environment the service starts with, the scoring thread throws an
 * uncaught exception on each request whose bytes contain this variable's text
 * (service/scoring-crash-drill.ts). Unset, the drill's module is never loaded.
 */
export const CRASH_DRILL_VARIABLE = 'ANOMALOG_TEST_SCORING_CRASH_ON';

/**
 * The built thread module. Under the test runner this file is TypeScript from src/, which a
 * worker thread cannot load: the thread then runs the built module from dist/ (`npm test`
 * builds first).
 */
function threadModule(): string {
  const here = fileURLToPath(import.meta.url);
  const builtDir = here.endsWith('.ts') ? here.replace(/([\\/])src([\\/])pipeline([\\/])scoring-thread\.ts$/, '$1dist$2pipeline') : here.replace(/[\\/]scoring-thread\.js$/, '');
  const module = process.env[CRASH_DRILL_VARIABLE] ? `${builtDir}/../service/scoring-crash-drill.js` : `${builtDir}/scoring-thread-main.js`;
  if (!existsSync(module)) throw new Error(`the scoring thread module ${module} is missing: build the project first (npx tsc -b collector-processor detector-service)`);
  return module;
}

const LEVEL_NAMES: Record<number, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/** A question to the thread while it restarts: asked again in a moment, it is answered. */
export class ScoringThreadRestartingError extends Error {
  constructor() {
    super('the scoring thread is restarting');
  }
}

/** How a thread that ended unexpectedly is replaced (processor.scoringThreadRestarts). */
export interface RestartPolicy {
  /** Restarts within `windowMs` at most; the crash after them is final (0: never restart). */
  max: number;
  windowMs: number;
  /** Wait before the first restart of a window, doubled for each further crash in it. */
  backoffMs: number;
  maxBackoffMs: number;
}

const NEVER_RESTART: RestartPolicy = { max: 0, windowMs: 1, backoffMs: 1, maxBackoffMs: 1 };

/** The restart history, for /api/v1/status. */
export interface ScoringThreadHealth {
  restarts: number;
  restarting: boolean;
  /** The last crash was final: no more restarts. */
  gaveUp: boolean;
  lastCrash: { at: string; reason: string } | null;
}

interface Waiter {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

/** A call made while the thread restarts: sent to the new thread once it is ready. */
interface HeldCall {
  message: ToScoring;
  transfer: ArrayBuffer[] | undefined;
  waiter: Waiter;
}

type Ready = Extract<FromScoring, { type: 'ready' }>;

/** Starts a thread; resolves once it has restored its state and is ready to score. */
function spawn(init: ScoringThreadInit, log: Logger): Promise<{ worker: Worker; ready: Ready }> {
  const worker = new Worker(threadModule(), { workerData: init });
  return new Promise((resolve, reject) => {
    let startError: Error | undefined;
    const onMessage = (message: FromScoring): void => {
      if (message.type === 'log') return relayLog(log, message.line);
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      worker.off('error', onError);
      if (message.type === 'ready') resolve({ worker, ready: message });
      else {
        void worker.terminate();
        reject(new Error(message.type === 'start-failed' ? message.message : `scoring thread: unexpected '${message.type}' at start`));
      }
    };
    const onError = (err: Error): void => {
      startError = err;
      log.error({ err }, 'the scoring thread failed while starting');
    };
    const onExit = (code: number): void => reject(new Error(`the scoring thread exited (${code}) while starting${startError ? `: ${startError.message}` : ''}`));
    worker.on('message', onMessage);
    worker.once('exit', onExit);
    worker.on('error', onError);
  });
}

export class ScoringThread {
  private readonly waiters = new Map<number, Waiter>();
  private nextId = 1;
  /** The running thread; undefined while it restarts (or once it has ended for good). */
  private worker: Worker | undefined;
  private exited: Error | undefined;
  private stopping = false;
  private held: HeldCall[] = [];
  private restartTimer: NodeJS.Timeout | undefined;
  private respawning: Promise<void> | undefined;
  /** When the crashes within the policy's window happened (ms since the epoch). */
  private crashTimes: number[] = [];
  private lastCrash: ScoringThreadHealth['lastCrash'] = null;
  private restartCount = 0;
  private gaveUp = false;
  /** When the pending restart is due (ms since the epoch). */
  private restartDueAt = 0;
  /** The last uncaught error of the running thread, reported with its exit. */
  private lastError: Error | undefined;
  /** Catalog drops and saves counted by threads that have ended: the reported totals never go back. */
  private earlier = { catalogDropped: 0, saves: 0 };
  /** What the thread last reported. */
  figures: ScoringFigures;
  /** Called with each report of the thread. */
  onFigures: ((figures: ScoringFigures) => void) | undefined;
  /** Called each time a new thread has replaced one that ended. */
  onRestarted: (() => void) | undefined;
  /** Where the running thread restored its state from. */
  restoredFrom: string | undefined;

  private constructor(
    private readonly init: ScoringThreadInit,
    private readonly log: Logger,
    private readonly policy: RestartPolicy,
    worker: Worker,
    ready: Ready,
  ) {
    this.figures = ready.figures;
    this.attach(worker, ready);
  }

  /**
   * Starts the thread; resolves once it has restored its state and is ready to score. Without a
   * restart policy, a thread that ends is not replaced.
   */
  static async start(init: ScoringThreadInit, log: Logger, policy: RestartPolicy = NEVER_RESTART): Promise<ScoringThread> {
    const { worker, ready } = await spawn(init, log);
    return new ScoringThread(init, log, policy, worker, ready);
  }

  /**
   * Scores a request from the bytes its client sent (the thread decodes them itself). The bytes
   * are copied into a buffer of their own, which is moved, not cloned, to the thread.
   */
  async score(format: RequestFormat, bytes: Uint8Array, maxNestingDepth: number | undefined): Promise<RecordVerdict[]> {
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    const wire = await this.call<import('./verdict-wire.js').VerdictWire>({ type: 'score', id: 0, format, bytes: copy, maxNestingDepth }, [copy.buffer]);
    return decodeVerdicts(wire);
  }

  templates(service: string | undefined, limit: number): Promise<TemplateListing> {
    return this.call({ type: 'templates', id: 0, service, limit });
  }

  /** The engine's learned state as plain data (engine.snapshot() in the thread). */
  snapshot(): Promise<unknown> {
    return this.call({ type: 'snapshot', id: 0 });
  }

  /** The thread's figures as they are now (`figures` holds the last periodic report). */
  async currentFigures(): Promise<ScoringFigures> {
    this.figures = this.withEarlierThreads(await this.call<ScoringFigures>({ type: 'figures', id: 0 }));
    return this.figures;
  }

  /** Why the thread can no longer score (it ended for good), or undefined while it runs or restarts. */
  get failure(): Error | undefined {
    return this.exited;
  }

  /** A thread ended and its replacement is not ready yet: requests should get backpressure. */
  get restarting(): boolean {
    return this.worker === undefined && this.exited === undefined;
  }

  /** The retry hint for requests refused while restarting: the backoff left, and a second to start. */
  get retryAfterSeconds(): number {
    return Math.min(30, Math.max(1, Math.ceil((this.restartDueAt - Date.now()) / 1000) + 1));
  }

  get health(): ScoringThreadHealth {
    return { restarts: this.restartCount, restarting: this.restarting, gaveUp: this.gaveUp, lastCrash: this.lastCrash };
  }

  /** Saves the state a last time (when persistence is on) and ends the thread. */
  async stop(): Promise<void> {
    if (this.exited || this.stopping) return;
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.respawning;
    if (this.worker === undefined) {
      // Stopped while restarting: there is no thread to save from, and the last save is on disk.
      this.endFor(new Error('the scoring thread exited (stopped while restarting)'));
      return;
    }
    const worker = this.worker;
    this.figures = this.withEarlierThreads(await this.call<ScoringFigures>({ type: 'stop', id: 0 }));
    await worker.terminate();
  }

  private attach(worker: Worker, ready: Ready): void {
    this.worker = worker;
    this.lastError = undefined;
    this.restoredFrom = ready.restoredFrom;
    this.figures = this.withEarlierThreads(ready.figures);
    worker.on('message', (message: FromScoring) => this.onMessage(message));
    worker.on('error', (err) => {
      this.lastError = err;
      this.log.error({ err }, 'the scoring thread failed');
    });
    worker.on('exit', (code) => this.onExit(worker, code));
  }

  private withEarlierThreads(figures: ScoringFigures): ScoringFigures {
    const { catalogDropped, saves } = this.earlier;
    if (catalogDropped === 0 && saves === 0) return figures;
    return {
      ...figures,
      catalogDropped: figures.catalogDropped + catalogDropped,
      state: figures.state ? { ...figures.state, saves: figures.state.saves + saves } : null,
    };
  }

  private call<T>(message: ToScoring, transfer?: ArrayBuffer[]): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    const worker = this.worker;
    if (worker === undefined) {
      // Scoring requests wait for the new thread (the pipeline's cap on records queued for
      // scoring bounds them); the admin API's questions are answered at once from what is known.
      if (message.type !== 'score') return Promise.reject(new ScoringThreadRestartingError());
      return new Promise<T>((resolve, reject) => this.held.push({ message, transfer, waiter: { resolve: resolve as (value: unknown) => void, reject } }));
    }
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiters.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...message, id }, transfer);
    });
  }

  private onMessage(message: FromScoring): void {
    switch (message.type) {
      case 'log':
        return relayLog(this.log, message.line);
      case 'figures':
        this.figures = this.withEarlierThreads(message.figures);
        this.onFigures?.(this.figures);
        return;
      case 'verdicts':
      case 'reply':
      case 'failed': {
        const waiter = this.waiters.get(message.id);
        if (!waiter) return;
        this.waiters.delete(message.id);
        if (message.type === 'failed') waiter.reject(new Error(message.message));
        else waiter.resolve(message.type === 'verdicts' ? message.wire : message.value);
        return;
      }
      default:
        return;
    }
  }

  private onExit(worker: Worker, code: number): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    const reason = `the scoring thread exited (${code})${this.lastError ? `: ${this.lastError.message}` : ''}`;
    // What the ended thread held is lost: the pipeline counts those records as dropped.
    this.rejectWaiters(new Error(reason));
    if (this.stopping) {
      this.endFor(new Error(`the scoring thread exited (${code})`));
      return;
    }
    this.earlier = { catalogDropped: this.figures.catalogDropped, saves: this.figures.state?.saves ?? 0 };
    this.crashed(reason);
  }

  /** Counts a crash (a thread that ended, or one that failed to start) and restarts, or gives up. */
  private crashed(reason: string): void {
    const now = Date.now();
    this.lastCrash = { at: new Date(now).toISOString(), reason };
    this.crashTimes = this.crashTimes.filter((t) => now - t < this.policy.windowMs);
    this.crashTimes.push(now);
    const crashes = this.crashTimes.length;
    if (crashes > this.policy.max) {
      this.log.fatal({ reason, crashes, windowSeconds: this.policy.windowMs / 1000, restarts: this.restartCount }, 'the scoring thread ended: requests are refused until the service is restarted');
      this.gaveUp = true;
      this.endFor(new Error(reason));
      return;
    }
    const delayMs = Math.min(this.policy.maxBackoffMs, this.policy.backoffMs * 2 ** (crashes - 1));
    this.restartDueAt = now + delayMs;
    this.log.error({ reason, crashes, restartInMs: delayMs }, 'the scoring thread ended: restarting it from the last saved state');
    this.restartTimer = setTimeout(() => {
      this.respawning = this.respawn().finally(() => (this.respawning = undefined));
    }, delayMs);
  }

  private async respawn(): Promise<void> {
    const started = performance.now();
    let spawned: { worker: Worker; ready: Ready };
    try {
      spawned = await spawn(this.init, this.log);
    } catch (err) {
      if (!this.stopping) this.crashed(`restart failed: ${(err as Error).message}`);
      return;
    }
    if (this.stopping) {
      await spawned.worker.terminate();
      return;
    }
    this.attach(spawned.worker, spawned.ready);
    this.restartCount++;
    this.log.warn({ restoredFrom: spawned.ready.restoredFrom, ms: Math.round(performance.now() - started), restarts: this.restartCount }, 'the scoring thread was restarted');
    this.onRestarted?.();
    const held = this.held;
    this.held = [];
    for (const h of held) this.call(h.message, h.transfer).then(h.waiter.resolve, h.waiter.reject);
  }

  /** No thread from now on: every call fails with `err`. */
  private endFor(err: Error): void {
    this.exited = err;
    this.rejectWaiters(err);
    const held = this.held;
    this.held = [];
    for (const h of held) h.waiter.reject(err);
  }

  private rejectWaiters(err: Error): void {
    for (const waiter of this.waiters.values()) waiter.reject(err);
    this.waiters.clear();
  }
}

/** One of the thread's pino lines, logged again through the main logger at its level. */
function relayLog(log: Logger, line: string): void {
  try {
    const { level, msg, time: _time, name: _name, pid: _pid, hostname: _hostname, ...fields } = JSON.parse(line) as Record<string, unknown> & { level: number; msg?: string };
    log[LEVEL_NAMES[level] ?? 'info'](fields, msg ?? '');
  } catch {
    log.info({ line }, 'scoring thread log line');
  }
}
