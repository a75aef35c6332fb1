/** Tunables of the detectors. Times are in milliseconds of record (log) time. */
export interface DetectorConfig {
  /** Half-life of template and severity counts: how fast "common" fades back to "rare". */
  rarityHalfLifeMs: number;
  /** Mean gaps between a service's records that a window holds at least (rarity, burst, baseline). */
  rarityMinRecords: number;
  burstMinRecords: number;
  baselineMinRecords: number;
  /** Short window of the volume detector (recent rate). */
  burstHalfLifeMs: number;
  /** Long window of the volume detector (baseline rate). */
  baselineHalfLifeMs: number;
  /** Smallest expected count in the short window, so a first occurrence is not a burst. */
  minExpectedBurst: number;
  /** Days of history before the service rate baseline becomes time-of-day aware. */
  timeOfDayMinDays: number;
  /** Records a template needs before a shift of its own severity is judged. */
  severityTemplatePrior: number;
  /** Values a numeric parameter needs before its outliers are scored. */
  paramMinSamples: number;
  /** Out-transitions a template needs before an unseen successor is scored. */
  sequenceMinOut: number;
  /** Isolation forest: trees, sample size per tree, reservoir size, retrain period (records). */
  forestTrees: number;
  forestSampleSize: number;
  forestReservoir: number;
  forestRetrainEvery: number;
  /** Caps (each cap's evictions are counted in EngineStats.capEvents). */
  maxServices: number;
  maxTemplatesPerService: number;
  maxTemplatesTotal: number;
  maxComponentsPerService: number;
  maxParamPositions: number;
  maxTransitionsPerService: number;
  maxVariantsPerService: number;
  /** Client addresses per service whose per-template rate is followed (brute force from one address). */
  maxClientsPerService: number;
  maxTracesPerService: number;
  /** Traces whose failures are followed up the call chain (shared by all services). */
  maxFailureTraces: number;
  seed: number;
}

export const DEFAULT_DETECTOR_CONFIG: DetectorConfig = {
  rarityHalfLifeMs: 24 * 3600_000,
  rarityMinRecords: 1000,
  burstMinRecords: 5,
  baselineMinRecords: 500,
  burstHalfLifeMs: 30_000,
  baselineHalfLifeMs: 3600_000,
  minExpectedBurst: 0.5,
  timeOfDayMinDays: 2,
  severityTemplatePrior: 20,
  paramMinSamples: 30,
  sequenceMinOut: 50,
  forestTrees: 25,
  forestSampleSize: 256,
  forestReservoir: 2048,
  forestRetrainEvery: 20_000,
  maxServices: 2000,
  maxTemplatesPerService: 2000,
  maxTemplatesTotal: 200_000,
  maxComponentsPerService: 64,
  maxParamPositions: 6,
  maxTransitionsPerService: 8192,
  maxVariantsPerService: 1024,
  maxClientsPerService: 4096,
  maxTracesPerService: 2048,
  maxFailureTraces: 4096,
  seed: 0x5eed,
};
