/**
 * The main thread's memo caches (forms of strings that repeat from record to record: Loki stream
 * selectors and metadata names, JSONL attribute keys), each with a fixed cap past which nothing
 * more is kept. They register here when their module loads; /metrics reports how full each is
 * (`anomalog_cache_entries` against `anomalog_cache_capacity`): a cache at its cap means the
 * records beyond it are served at full cost, not that anything is lost.
 */
export interface MemoCache {
  name: string;
  capacity: number;
  size(): number;
}

const caches: MemoCache[] = [];

export function registerMemoCache(cache: MemoCache): void {
  caches.push(cache);
}

export function memoCaches(): readonly MemoCache[] {
  return caches;
}
