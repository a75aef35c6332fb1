/**
 * What the record being scored taught the tail calibrations (a ratio bin of a rate calibration, an
 * exceedance of a numeric stream), so that it can be taken back once the record's verdict is known:
 * a record judged an anomaly is not normal behaviour, and must not teach that such bursts, lulls or
 * extremes are common. Without this, an incident that recurs (a second attack an hour after the
 * first, a latency spike after an earlier one) is judged against a history that holds the first.
 * Baselines (rates, centres) still follow every record, so a lasting change of level becomes the
 * new normal; only how extreme the service's deviations usually are ignores its anomalies.
 *
 * One record is scored and settled at a time (DetectorSuite.detect then settle), so one journal,
 * cleared when a record's scoring starts, serves every suite in the thread.
 */
export interface Unlearnable {
  /** Takes back an observation of weight `weight` (in bin `bin`, where the learner has bins). */
  unlearn(bin: number, weight: number, previousMs: number): void;
}

/** More than a record can teach (about ten rate calibrations and twelve numeric streams). */
const CAPACITY = 32;

class LearnJournal {
  private readonly learners: (Unlearnable | null)[] = new Array<Unlearnable | null>(CAPACITY).fill(null);
  private readonly bins = new Int32Array(CAPACITY);
  private readonly weights = new Float64Array(CAPACITY);
  private readonly previous = new Float64Array(CAPACITY);
  private count = 0;
  /** Whether an observation of this record was not journalled because the journal was full (it stays learned). */
  overflowed = false;

  clear(): void {
    for (let i = 0; i < this.count; i++) this.learners[i] = null;
    this.count = 0;
    this.overflowed = false;
  }

  note(learner: Unlearnable, bin: number, weight: number, previousMs: number): void {
    if (this.count >= CAPACITY) {
      this.overflowed = true;
      return;
    }
    this.learners[this.count] = learner;
    this.bins[this.count] = bin;
    this.weights[this.count] = weight;
    this.previous[this.count] = previousMs;
    this.count++;
  }

  /** Takes back everything noted since the last clear, newest first, and clears. */
  takeBack(): void {
    for (let i = this.count - 1; i >= 0; i--) (this.learners[i] as Unlearnable).unlearn(this.bins[i], this.weights[i], this.previous[i]);
    this.clear();
  }
}

export const learnJournal = new LearnJournal();
