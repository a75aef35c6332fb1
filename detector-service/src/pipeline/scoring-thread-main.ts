/**
 * The scoring thread (a worker_threads Worker): the engine, the admin template catalog and the
 * state keeper live here, so scoring has a core of its own while the main thread receives,
 * decodes and exports. Requests arrive as the bytes the client sent (decoded again here: cheaper
 * than cloning the decoded objects across threads); verdicts go back in the compact wire form.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine, type Engine, type EngineConfig } from '@anomalog/collector-processor';
import { pino, type Logger } from 'pino';
import { TemplateCatalog } from '../admin/template-catalog.js';
import { decodeExportLogsJson } from '../otlp/json-decode-logs.js';
import { decodeExportLogsRequest } from '../otlp/proto-decode-logs.js';
import { engineSnapshot, StateKeeper } from '../service/state-keeper.js';
import type { FromScoring, ScoringFigures, ScoringThreadInit, ToScoring } from './scoring-protocol.js';
import { encodeVerdicts, wireTransferables } from './verdict-wire.js';

const port = parentPort;
if (port === null) throw new Error('scoring-thread-main.js runs as a worker thread');
const init = workerData as ScoringThreadInit;
const post = (message: FromScoring, transfer?: ArrayBuffer[]): void => port.postMessage(message, transfer);

// Log lines go to the main thread's logger, which owns the destination (and the tests' capture).
const log: Logger = pino({ name: 'anomalog', level: init.logLevel, base: { part: 'scoring' } }, { write: (line: string) => post({ type: 'log', line }) });

const catalog = new TemplateCatalog(init.templatesPerService);
const state = init.state ? new StateKeeper(init.state.dir, log.child({ part: 'state' })) : undefined;
let engine: Engine;
let saveTimer: NodeJS.Timeout | undefined;

function figures(): ScoringFigures {
  return {
    engine: engine.stats(),
    catalogDropped: catalog.dropped,
    state: state ? { saves: state.saves, lastSaveBytes: state.lastSaveBytes, lastSaveMs: Math.round(state.lastSaveMs), lastSaveMaxBlockMs: Math.round(state.lastSaveMaxBlockMs) } : null,
  };
}

/** The thread's decoded copy of a request is dropped after scoring: its records need no anomalog.* attributes. */
const engineConfig = { ...init.engineConfig, enrichRecords: false } as EngineConfig;

async function start(): Promise<string | undefined> {
  const restored = state ? await state.restore() : undefined;
  try {
    engine = createEngine(engineConfig, restored?.engine);
  } catch (err) {
    if (restored?.engine === undefined) throw err;
    // A snapshot the engine cannot read (e.g. from an incompatible version) is not used silently.
    log.error({ err, from: restored.from }, 'the engine refused the saved state: starting with nothing learned');
    engine = createEngine(engineConfig, undefined);
  }
  if (restored?.catalog) catalog.restore(restored.catalog);
  if (state) saveTimer = setInterval(() => void save(state), init.state!.intervalMs).unref();
  setInterval(() => post({ type: 'figures', figures: figures() }), init.statsIntervalMs).unref();
  return restored?.from;
}

function score(message: Extract<ToScoring, { type: 'score' }>): void {
  try {
    const options = { maxNestingDepth: message.maxNestingDepth };
    const data = message.format === 'protobuf' ? decodeExportLogsRequest(message.bytes, options) : decodeExportLogsJson(message.bytes, options);
    const verdicts = engine.process(data);
    catalog.observe(verdicts);
    const wire = encodeVerdicts(verdicts);
    post({ type: 'verdicts', id: message.id, wire }, wireTransferables(wire));
  } catch (err) {
    log.error({ err }, 'scoring failed on a request');
    post({ type: 'failed', id: message.id, message: (err as Error).message });
  }
}

/** The save running, if any (StateKeeper.save itself never overlaps two). */
let saving: Promise<void> | undefined;

function save(keeper: StateKeeper): Promise<void> {
  saving ??= keeper.save(() => engineSnapshot(engine, catalog)).finally(() => (saving = undefined));
  return saving;
}

/**
 * Requests wait here and are scored one per turn of the event loop, so a backlog of messages is
 * not handled in one go. While a state save runs (it yields between slices and awaits its
 * writes), each request is followed by as long a pause: the save gets half the thread, and a
 * crash under sustained load loses little more than one save interval.
 */
const backlog: Extract<ToScoring, { type: 'score' }>[] = [];
let backlogHead = 0;
let pumping = false;

function pump(): void {
  const job = backlog[backlogHead];
  backlog[backlogHead++] = undefined as never;
  const started = performance.now();
  score(job);
  if (backlogHead === backlog.length) {
    backlog.length = 0;
    backlogHead = 0;
    pumping = false;
  } else if (saving) setTimeout(pump, performance.now() - started);
  else setImmediate(pump);
}

async function handle(message: ToScoring): Promise<void> {
  switch (message.type) {
    case 'score':
      backlog.push(message);
      if (!pumping) {
        pumping = true;
        setImmediate(pump);
      }
      return;
    case 'templates':
      return post({ type: 'reply', id: message.id, value: catalog.list(message.service, message.limit) });
    case 'snapshot':
      return post({ type: 'reply', id: message.id, value: engine.snapshot() });
    case 'figures':
      return post({ type: 'reply', id: message.id, value: figures() });
    case 'stop':
      clearInterval(saveTimer);
      if (state) {
        await saving;
        await save(state);
      }
      return post({ type: 'reply', id: message.id, value: figures() });
  }
}

start().then(
  (restoredFrom) => {
    port.on('message', (message: ToScoring) => void handle(message));
    post({ type: 'ready', restoredFrom, figures: figures() });
  },
  (err: unknown) => post({ type: 'start-failed', message: err instanceof Error ? err.message : String(err) }),
);
