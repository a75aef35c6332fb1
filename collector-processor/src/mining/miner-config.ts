/** Limits and knobs of the template miner. Every store is capped; what a cap drops is counted. */
export interface MinerConfig {
  /** Templates kept per service; past it the least recently used are evicted. */
  maxTemplatesPerService: number;
  /** Templates kept over all services; past it the service with the most templates evicts some. */
  maxTemplatesTotal: number;
  /** Tokens per line; the rest of a longer line becomes one trailing `<*>`. */
  maxTokensPerLine: number;
  /** Characters per message; longer messages are cut before mining. */
  maxLineLength: number;
  /** Services kept; past it the least recently used service's state is dropped. */
  maxServices: number;
  /** Exact-shape lookup cache entries per service (cleared when full). */
  maxCacheEntries: number;
  /** Longest line shape (characters) the cache keeps; longer shapes are always scanned. */
  maxCachedShapeLength: number;
  /** Retired template ids remembered as aliases of the template they merged into. */
  maxAliases: number;
  /** Keyword-variety trackers per service. */
  maxVarietyGroups: number;
  /**
   * How many distinct keywords must be seen in one position, everything else equal, before that
   * position is taken for a parameter. Below it, messages that differ by one keyword stay apart
   * ("state LOOKING" vs "state LEADING"); at it, they merge (user names, host names).
   */
  keywordVariety: number;
  /** Share of a template's tokens a message must match exactly (wildcards count as matches). */
  minSimilarity: number;
}

export const DEFAULT_MINER_CONFIG: Readonly<MinerConfig> = Object.freeze({
  maxTemplatesPerService: 2000,
  maxTemplatesTotal: 200_000,
  maxTokensPerLine: 256,
  maxLineLength: 16 * 1024,
  maxServices: 10_000,
  maxCacheEntries: 4096,
  maxCachedShapeLength: 1024,
  maxAliases: 100_000,
  maxVarietyGroups: 20_000,
  keywordVariety: 4,
  minSimilarity: 0.5,
});

export function resolveMinerConfig(partial: Partial<MinerConfig> | undefined): MinerConfig {
  const config = { ...DEFAULT_MINER_CONFIG, ...partial };
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`miner config: ${key} must be a positive number, got ${String(value)}`);
    }
  }
  if (config.maxTokensPerLine < 2) throw new RangeError('miner config: maxTokensPerLine must be at least 2');
  return config;
}
