import { DecayedHistogram } from './decay.js';
import { learnJournal, type Unlearnable } from './learn-journal.js';
import { surprise } from './tails.js';

/** Bins of log2(ratio to expectation), half an octave each, centred on a ratio of 1. */
export const CALIBRATION_BINS = 40;
/**
 * Short windows an observation waits before it joins the history it is judged against: an
 * incident lasting minutes is judged against the service's behaviour before it, not against its
 * own first minutes (a five to ten minute lag at the default 30 s window).
 */
export const CALIBRATION_LAG_WINDOWS = 10;

/** Bin of log2(observed / expected), half an octave each, centred on a ratio of one. */
export function ratioBin(observed: number, expected: number): number {
  const b = Math.floor(2 * Math.log2((observed + 0.1) / (expected + 0.1))) + (CALIBRATION_BINS >> 1);
  return b < 0 ? 0 : b >= CALIBRATION_BINS ? CALIBRATION_BINS - 1 : b;
}

/**
 * How often a service's rate was at least this far above (or below) expectation, as a share of
 * its recent time, so a naturally bursty service is judged against its own burstiness and not
 * against a Poisson ideal. An observation weighs the time it covers (a burst's dense records do
 * not outweigh the quiet time around it), at most the service's usual gap between records (a
 * lull's sparse records do not teach that lulls are common either). Observations reach the
 * history only after a lag of CALIBRATION_LAG_WINDOWS short windows, held meanwhile in two
 * period buffers: an incident is judged against the time before it, not against itself. An
 * observation of a record judged an anomaly is taken back (see learn-journal.ts).
 */
export class Calibration implements Unlearnable {
  readonly history = new DecayedHistogram(CALIBRATION_BINS);
  /** Observations of the current and of the previous lag period, not yet in the history. */
  private current = new Float64Array(CALIBRATION_BINS);
  private previous = new Float64Array(CALIBRATION_BINS);
  private period = -1;
  /** Time of the last observation: its gap weighs the next one. */
  lastMs = 0;

  /**
   * The smaller of the Poisson surprise and the empirical one (plus a decade for this record),
   * then records the observation unless `learn` is false (a stream too young to have a rate).
   * `hs` is the short window, `halfLifeMs` the history's memory. A calibration that pools many
   * streams (a service's template variants) passes the time of the observed stream's previous
   * record as `streamLastMs`, and that stream's usual gap as `usualGapMs`: each stream's
   * observation then covers its own time, so the history holds one window per stream and window,
   * as many independent observations as it has seen, not one per window of the whole service.
   */
  judge(poissonSurprise: number, bin: number, upper: boolean, t: number, hs: number, halfLifeMs: number, usualGapMs: number, learn = true, streamLastMs = -1): number {
    const gap = t - (streamLastMs >= 0 ? streamLastMs : this.lastMs);
    if (t > this.lastMs) this.lastMs = t;
    this.advance(t, hs * CALIBRATION_LAG_WINDOWS, halfLifeMs);
    const h = this.history;
    const tail = upper ? h.mass(bin, CALIBRATION_BINS - 1) : h.mass(0, bin);
    const empirical = surprise((tail + 0.05) / (h.count() + 0.1));
    // An observation covers the time since the last one, but no more than the service's usual gap
    // between records: a lull holds few records and says little about what the service usually does.
    const cover = gap < 0 || gap > usualGapMs ? usualGapMs : gap;
    if (learn) {
      const weight = cover >= hs ? 1 : cover / hs;
      this.current[bin] += weight;
      learnJournal.note(this, bin, weight, 0);
    }
    return poissonSurprise < empirical + 1 ? poissonSurprise : empirical + 1;
  }

  /** Takes back an observation of the record being scored (its period has not turned since). */
  unlearn(bin: number, weight: number): void {
    const left = this.current[bin] - weight;
    this.current[bin] = left > 0 ? left : 0;
  }

  /** Moves whole lag periods into the history (the previous one once a new period starts). */
  private advance(t: number, periodMs: number, halfLifeMs: number): void {
    this.history.at(t, halfLifeMs);
    const period = Math.floor(t / periodMs);
    if (this.period < 0) this.period = period;
    if (period <= this.period) return;
    this.fold(this.previous);
    if (period > this.period + 1) {
      this.fold(this.current);
      this.previous.fill(0);
    } else {
      const p = this.previous;
      this.previous = this.current;
      this.current = p;
    }
    this.current.fill(0);
    this.period = period;
  }

  private fold(buffer: Float64Array): void {
    for (let i = 0; i < CALIBRATION_BINS; i++) if (buffer[i] !== 0) this.history.putWeighted(i, buffer[i]);
    buffer.fill(0);
  }

  toJSON(): unknown {
    return { h: this.history.toJSON(), c: Array.from(this.current), p: Array.from(this.previous), n: this.period, t: this.lastMs };
  }

  /** Restores toJSON()'s data; anything else (a snapshot from before the lag) starts empty. */
  static from(data: unknown): Calibration {
    const c = new Calibration();
    const d = data as { h?: unknown; c?: unknown; p?: unknown; n?: unknown; t?: unknown } | undefined;
    if (d && d.h !== undefined && Array.isArray(d.c) && Array.isArray(d.p)) {
      c.history.copyFrom(DecayedHistogram.from(d.h, CALIBRATION_BINS));
      for (let i = 0; i < CALIBRATION_BINS; i++) {
        c.current[i] = Number(d.c[i]) || 0;
        c.previous[i] = Number(d.p[i]) || 0;
      }
      c.period = typeof d.n === 'number' ? d.n : -1;
      c.lastMs = typeof d.t === 'number' ? d.t : 0;
    }
    return c;
  }
}
