import { DETECTOR_COUNT, DETECTORS, type DetectorName } from '../detectors/evidence.js';

/** How the detectors' evidence becomes one score, and where the anomaly line is drawn. */
export interface ScoringConfig {
  /** Records with score >= threshold are anomalies. */
  threshold: number;
  /** Per-service thresholds that override `threshold`. */
  serviceThresholds: Record<string, number>;
  /**
   * Decades of evidence at which the score is 0.5: the prior odds of an anomaly are 10^-scale.
   * Each further decade of evidence multiplies the odds by ten.
   */
  scaleDecades: number;
  /** Weight of each detector's surprise (detectors overlap, so the weights are below 1). */
  weights: Record<DetectorName, number>;
  /** Surprise each detector gives for free before it counts (its usual noise). */
  floors: Record<DetectorName, number>;
  /**
   * Prior evidence, in decades, carried by the severity level itself (index: unset, TRACE, DEBUG,
   * INFO, WARN, ERROR, FATAL): an error is a priori likelier to matter than an info line.
   */
  severityPrior: number[];
  /**
   * The level's prior counts in full only when the severity detector finds the level unusual for
   * its source by at least this many decades, in proportion below: a source that logs FATAL all
   * the time has taught us that its FATAL lines are routine.
   */
  severityPriorGate: number;
  /** Most decades one detector can contribute: no model of normal is right far out in its tail. */
  maxSurprise: number;
  /** Records a service must have before its scores count in full (they ramp up linearly). */
  warmupRecords: number;
}

export const DEFAULT_SCORING_CONFIG: ScoringConfig = {
  threshold: 0.5,
  serviceThresholds: {},
  scaleDecades: 2,
  // A failure inherited along a trace is the failing record's own combined evidence: counted in full.
  weights: { rarity: 0.2, volume: 0.8, severity: 0.8, params: 1.15, sequence: 0.55, forest: 0.4, trace: 1 },
  floors: { rarity: 0.5, volume: 1.0, severity: 0.15, params: 1.6, sequence: 0.15, forest: 1.2, trace: 0 },
  severityPrior: [0, 0, 0, 0, 0, 0.1, 2.8],
  severityPriorGate: 0.6,
  warmupRecords: 100,
  maxSurprise: 6,
};

/** Weights and floors as arrays indexed like DETECTORS, for the hot path. */
export interface CompiledScoring {
  config: ScoringConfig;
  weights: Float64Array;
  floors: Float64Array;
  severityPrior: Float64Array;
}

export function compileScoring(partial: Partial<ScoringConfig> = {}): CompiledScoring {
  const config: ScoringConfig = {
    ...DEFAULT_SCORING_CONFIG,
    ...partial,
    weights: { ...DEFAULT_SCORING_CONFIG.weights, ...(partial.weights ?? {}) },
    floors: { ...DEFAULT_SCORING_CONFIG.floors, ...(partial.floors ?? {}) },
    serviceThresholds: { ...(partial.serviceThresholds ?? {}) },
  };
  validate(config);
  const weights = new Float64Array(DETECTOR_COUNT);
  const floors = new Float64Array(DETECTOR_COUNT);
  DETECTORS.forEach((name, i) => {
    weights[i] = config.weights[name];
    floors[i] = config.floors[name];
  });
  return { config, weights, floors, severityPrior: Float64Array.from({ length: 7 }, (_, i) => config.severityPrior[i] ?? 0) };
}

function validate(c: ScoringConfig): void {
  const unit = (name: string, v: unknown): void => {
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new Error(`scoring.${name} must be a number in 0..1, got ${String(v)}`);
  };
  unit('threshold', c.threshold);
  for (const [service, t] of Object.entries(c.serviceThresholds)) unit(`serviceThresholds.${service}`, t);
  if (!(c.scaleDecades > 0)) throw new Error(`scoring.scaleDecades must be > 0, got ${String(c.scaleDecades)}`);
  for (const name of DETECTORS) {
    if (!(c.weights[name] >= 0)) throw new Error(`scoring.weights.${name} must be >= 0`);
    if (!(c.floors[name] >= 0)) throw new Error(`scoring.floors.${name} must be >= 0`);
  }
  if (!(c.severityPriorGate > 0)) throw new Error('scoring.severityPriorGate must be > 0');
  if (!(c.maxSurprise > 0)) throw new Error('scoring.maxSurprise must be > 0');
  if (!Number.isInteger(c.warmupRecords) || c.warmupRecords < 0) throw new Error('scoring.warmupRecords must be a non-negative integer');
}
