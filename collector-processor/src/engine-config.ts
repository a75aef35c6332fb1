import type { ClassifierOptions, Classifier } from './classify/index.js';
import type { RecordVerdict } from './engine-api.js';
import type { HeaderFormat } from './format/index.js';
import type { DetectorConfig } from './detectors/config.js';
import type { DetectorSwitches } from './detectors/suite.js';
import type { MinerConfig } from './mining/index.js';
import type { ScoringConfig } from './scoring/config.js';

/** Everything createEngine can be told; every part has defaults. */
export interface EngineConfig {
  miner?: Partial<MinerConfig>;
  detectors?: Partial<DetectorConfig>;
  scoring?: Partial<ScoringConfig>;
  /** A classifier to use instead of the built-in rule classifier, or options for the built-in one. */
  classifier?: Classifier | ClassifierOptions;
  /** Turn detectors off (the bench measures each one's cost this way). */
  enabledDetectors?: Partial<DetectorSwitches>;
  /**
   * Called after each record with the detectors' surprises (decades, indexed like DETECTORS) and
   * the verdict: for evaluation and debugging. The array is reused; copy what you keep.
   */
  onScored?: (surprise: Float64Array, verdict: RecordVerdict) => void;
  /**
   * Which string bodies are raw lines whose header (time, level, component...) is split off
   * before mining: 'auto' (default) those of records with no severity, as a filelog receiver
   * without parsing sends them; 'always'; or 'never'.
   */
  rawLines?: 'auto' | 'always' | 'never';
  /** The raw lines' format (a built-in name or a loghub-style spec); default: detected per service. */
  format?: string | HeaderFormat;
  /**
   * Whether process() sets the anomalog.* attributes on the records it is given (default true).
   * A caller that only reads the verdicts (a scoring thread whose records are a decoded copy)
   * turns it off and saves the seven attributes per record.
   */
  enrichRecords?: boolean;
  /** Clock for records without any time (ms since the epoch). Default Date.now. */
  clock?: () => number;
}

export function isClassifier(c: EngineConfig['classifier']): c is Classifier {
  return c !== undefined && typeof (c as Classifier).classify === 'function';
}
