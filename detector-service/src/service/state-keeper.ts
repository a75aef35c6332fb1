/**
 * Saves the learned state (engine snapshot and the admin template catalog) periodically and on
 * shutdown, and restores it at start. Saves never overlap; a failed save is logged and retried
 * at the next tick, keeping the last good file.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { LazyJsonArray, type Engine } from '@anomalog/collector-processor';
import type { Logger } from '../logger.js';
import type { CatalogSnapshot, TemplateCatalog, TemplateEntry } from '../admin/template-catalog.js';
import { loadState, saveState } from '../state/state-file.js';

/** What is saved: JSON-serialisable, possibly with LazyJsonArrays that the writer fills as it goes. */
export interface SavedState {
  engine: unknown;
  catalog: unknown;
}

export interface RestoredState {
  engine: unknown;
  catalog: CatalogSnapshot | undefined;
  from: string | undefined;
}

/**
 * The large per-service lists of the engine's snapshot: parsed one service at a time as the
 * engine restores them, so restoring a large state does not hold it whole as plain data.
 */
const ENGINE_LAZY_ARRAYS = [
  ['engine', 'miner', 'services'],
  ['engine', 'miner', 'aliases'],
  ['engine', 'detectors', 'services'],
];

export class StateKeeper {
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> | undefined;
  lastSaveBytes = 0;
  lastSaveMs = 0;
  /** Longest the event loop was held up while the last save ran (its own slices, and anything else meanwhile). */
  lastSaveMaxBlockMs = 0;
  saves = 0;

  constructor(
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

  async restore(): Promise<RestoredState> {
    const outcome = await loadState(this.dir, { lazyArrays: ENGINE_LAZY_ARRAYS });
    for (const { path, reason } of outcome.rejected) {
      this.log.error({ path, reason }, 'state file rejected and kept aside; not loaded');
    }
    if (outcome.from === undefined) {
      if (outcome.rejected.length > 0) this.log.error({ dir: this.dir }, 'no usable state: starting with nothing learned');
      else this.log.info({ dir: this.dir }, 'no saved state: starting fresh');
      return { engine: undefined, catalog: undefined, from: undefined };
    }
    const saved = outcome.state as { engine?: unknown; catalog?: CatalogSnapshot } | null;
    this.log.info({ path: outcome.from, savedAt: outcome.savedAt }, 'state restored');
    return { engine: saved?.engine, catalog: saved?.catalog, from: outcome.from };
  }

  /** Starts periodic saves of what `snapshot` returns. */
  startPeriodic(intervalMs: number, snapshot: () => SavedState): void {
    this.timer = setInterval(() => void this.save(snapshot), intervalMs);
    this.timer.unref();
  }

  async save(snapshot: () => SavedState): Promise<void> {
    if (this.saving) return this.saving;
    this.saving = (async () => {
      const started = performance.now();
      const delay = monitorEventLoopDelay({ resolution: 1 });
      delay.enable();
      try {
        this.lastSaveBytes = await saveState(this.dir, snapshot());
        this.lastSaveMs = performance.now() - started;
        // The monitor's delays include its own 1 ms timer interval.
        this.lastSaveMaxBlockMs = Math.max(0, delay.max / 1e6 - 1);
        this.saves++;
        this.log.debug({ bytes: this.lastSaveBytes, ms: Math.round(this.lastSaveMs), maxBlockMs: Math.round(this.lastSaveMaxBlockMs) }, 'state saved');
      } catch (err) {
        this.log.error({ err, dir: this.dir }, 'state save failed; the previous state file is kept');
      } finally {
        delay.disable();
        this.saving = undefined;
      }
    })();
    return this.saving;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/**
 * The state to save, built while it is written: the engine's lazy snapshot when it has one (each
 * service's part made when the writer reaches it), and the catalog's entries copied one at a time
 * as they are written, since the live entries go on counting. Scoring goes on during the save, so
 * the file is consistent per service, not one instant of the whole.
 */
export function engineSnapshot(engine: Engine, catalog: TemplateCatalog): SavedState {
  return { engine: engine.lazySnapshot?.() ?? engine.snapshot(), catalog: lazyCatalog(catalog.snapshot()) };
}

function lazyCatalog(snapshot: CatalogSnapshot): Record<string, LazyJsonArray<TemplateEntry>> {
  const out: Record<string, LazyJsonArray<TemplateEntry>> = {};
  for (const [service, entries] of Object.entries(snapshot)) {
    out[service] = new LazyJsonArray(function* () {
      for (const e of entries) yield { ...e };
    });
  }
  return out;
}
