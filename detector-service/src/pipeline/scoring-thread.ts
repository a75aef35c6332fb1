/**
 * The main thread's handle on the scoring thread: starts it (restoring state there), sends it
 * requests to score, and keeps the figures it reports (engine stats, catalog, saves) for the
 * metrics and /api/v1/status, which read them synchronously.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RecordVerdict } from '@anomalog/collector-processor';
import type { Logger } from '../logger.js';
import type { FromScoring, RequestFormat, ScoringFigures, ScoringThreadInit, TemplateListing, ToScoring } from './scoring-protocol.js';
import { decodeVerdicts } from './verdict-wire.js';

/**
 * The built thread module. Under the test runner this file is TypeScript from src/, which a
 * worker thread cannot load: the thread then runs the built module from dist/ (`npm test`
 * builds first).
 */
function threadModule(): string {
  const here = fileURLToPath(import.meta.url);
  const built = here.endsWith('.ts') ? here.replace(/([\\/])src([\\/])pipeline([\\/])scoring-thread\.ts$/, '$1dist$2pipeline$3scoring-thread-main.js') : here.replace(/scoring-thread\.js$/, 'scoring-thread-main.js');
  if (!existsSync(built)) throw new Error(`the scoring thread module ${built} is missing: build the project first (npx tsc -b collector-processor detector-service)`);
  return built;
}

const LEVEL_NAMES: Record<number, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

interface Waiter {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export class ScoringThread {
  private readonly waiters = new Map<number, Waiter>();
  private nextId = 1;
  private exited: Error | undefined;
  private stopping = false;
  /** What the thread last reported. */
  figures: ScoringFigures;
  /** Called with each report of the thread. */
  onFigures: ((figures: ScoringFigures) => void) | undefined;
  readonly restoredFrom: string | undefined;

  private constructor(
    private readonly worker: Worker,
    ready: Extract<FromScoring, { type: 'ready' }>,
    private readonly log: Logger,
  ) {
    this.figures = ready.figures;
    this.restoredFrom = ready.restoredFrom;
    worker.on('message', (message: FromScoring) => this.onMessage(message));
    worker.on('error', (err) => this.log.fatal({ err }, 'the scoring thread failed'));
    worker.on('exit', (code) => {
      if (!this.stopping) this.log.fatal({ code }, 'the scoring thread ended: requests are refused until the service is restarted');
      this.fail(new Error(`the scoring thread exited (${code})`));
    });
  }

  /** Starts the thread; resolves once it has restored its state and is ready to score. */
  static start(init: ScoringThreadInit, log: Logger): Promise<ScoringThread> {
    const worker = new Worker(threadModule(), { workerData: init });
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromScoring): void => {
        if (message.type === 'log') return relayLog(log, message.line);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        if (message.type === 'ready') resolve(new ScoringThread(worker, message, log));
        else {
          void worker.terminate();
          reject(new Error(message.type === 'start-failed' ? message.message : `scoring thread: unexpected '${message.type}' at start`));
        }
      };
      const onExit = (code: number): void => reject(new Error(`the scoring thread exited (${code}) while starting`));
      worker.on('message', onMessage);
      worker.once('exit', onExit);
      worker.once('error', (err) => log.fatal({ err }, 'the scoring thread failed while starting'));
    });
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
    this.figures = await this.call<ScoringFigures>({ type: 'figures', id: 0 });
    return this.figures;
  }

  /** Why the thread can no longer score (it ended), or undefined while it runs. */
  get failure(): Error | undefined {
    return this.exited;
  }

  /** Saves the state a last time (when persistence is on) and ends the thread. */
  async stop(): Promise<void> {
    if (this.exited) return;
    this.stopping = true;
    this.figures = await this.call<ScoringFigures>({ type: 'stop', id: 0 });
    await this.worker.terminate();
  }

  private call<T>(message: ToScoring, transfer?: ArrayBuffer[]): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiters.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  private onMessage(message: FromScoring): void {
    switch (message.type) {
      case 'log':
        return relayLog(this.log, message.line);
      case 'figures':
        this.figures = message.figures;
        this.onFigures?.(message.figures);
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

  private fail(err: Error): void {
    this.exited = err;
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
