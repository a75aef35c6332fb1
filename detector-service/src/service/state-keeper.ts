/**
 * Saves the learned state (engine snapshot and the admin template catalog) periodically and on
 * shutdown, and restores it at start. Saves never overlap; a failed save is logged and retried
 * at the next tick, keeping the last good file.
 */
import type { Engine } from '@anomalog/collector-processor';
import type { Logger } from '../logger.js';
import type { CatalogSnapshot, TemplateCatalog } from '../admin/template-catalog.js';
import { loadState, saveState } from '../state/state-file.js';

export interface SavedState {
  engine: unknown;
  catalog: CatalogSnapshot;
}

export interface RestoredState {
  engine: unknown;
  catalog: CatalogSnapshot | undefined;
  from: string | undefined;
}

export class StateKeeper {
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> | undefined;
  lastSaveBytes = 0;
  lastSaveMs = 0;
  saves = 0;

  constructor(
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

  async restore(): Promise<RestoredState> {
    const outcome = await loadState(this.dir);
    for (const { path, reason } of outcome.rejected) {
      this.log.error({ path, reason }, 'state file rejected and kept aside; not loaded');
    }
    if (outcome.from === undefined) {
      if (outcome.rejected.length > 0) this.log.error({ dir: this.dir }, 'no usable state: starting with nothing learned');
      else this.log.info({ dir: this.dir }, 'no saved state: starting fresh');
      return { engine: undefined, catalog: undefined, from: undefined };
    }
    const saved = outcome.state as Partial<SavedState> | null;
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
      try {
        this.lastSaveBytes = await saveState(this.dir, snapshot());
        this.lastSaveMs = performance.now() - started;
        this.saves++;
        this.log.debug({ bytes: this.lastSaveBytes, ms: Math.round(this.lastSaveMs) }, 'state saved');
      } catch (err) {
        this.log.error({ err, dir: this.dir }, 'state save failed; the previous state file is kept');
      } finally {
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

export function engineSnapshot(engine: Engine, catalog: TemplateCatalog): SavedState {
  return { engine: engine.snapshot(), catalog: catalog.snapshot() };
}
