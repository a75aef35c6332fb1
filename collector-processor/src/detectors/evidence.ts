/**
 * What the detectors found about one record: a surprise in decades (-log10 of a tail
 * probability under the learned normal behaviour) per detector, and a reason for each that fired.
 * One Evidence object is reused for every record, so the hot path does not allocate.
 */
export const DETECTORS = ['rarity', 'volume', 'severity', 'params', 'sequence', 'forest', 'trace'] as const;
export type DetectorName = (typeof DETECTORS)[number];

export const D_RARITY = 0;
export const D_VOLUME = 1;
export const D_SEVERITY = 2;
export const D_PARAMS = 3;
export const D_SEQUENCE = 4;
export const D_FOREST = 5;
export const D_TRACE = 6;
export const DETECTOR_COUNT = DETECTORS.length;

export class Evidence {
  readonly surprise = new Float64Array(DETECTOR_COUNT);
  /** Reason per detector, '' when it has nothing to say. Written only when a detector fires. */
  readonly reasons: string[] = new Array<string>(DETECTOR_COUNT).fill('');
  /** The record's combined evidence in decades, set by the ensemble once it has scored it. */
  decades = 0;

  reset(): void {
    this.surprise.fill(0);
    for (let i = 0; i < DETECTOR_COUNT; i++) this.reasons[i] = '';
    this.decades = 0;
  }
}

/** A detector explains itself only when its surprise is at least this (1 in 100). */
export const REASON_MIN_SURPRISE = 2;
