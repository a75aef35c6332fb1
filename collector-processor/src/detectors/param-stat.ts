import { CALIBRATION_LAG_WINDOWS } from './calibration.js';
import { DecayedHistogram } from './decay.js';
import { learnJournal, type Unlearnable } from './learn-journal.js';

/**
 * Robust running statistics of one numeric value stream (a template's parameter position or a
 * numeric attribute). Values are compared on a signed log scale (latencies and sizes are
 * multiplicative), with an exponentially weighted centre and mean absolute deviation that are
 * fed winsorised values, so outliers cannot drag the baseline they are judged against.
 * Values that have always been integers in 100..599 are treated as HTTP status codes instead:
 * a categorical distribution over the status classes 1xx..5xx.
 */
export class ParamStat implements Unlearnable {
  n = 0;
  centre = 0;
  spread = 0;
  /**
   * Values that were more than 3 spreads above the centre, each weighted by the time since the
   * previous one (up to one window), so a stream that is often extreme is known to be heavy-
   * tailed, while one incident's run of extremes counts as one. They count only after a lag of
   * CALIBRATION_LAG_WINDOWS windows (held meanwhile in two period buffers), so an incident's
   * extremes are judged against the time before it, not against its own first minutes.
   */
  exceed = 0;
  lastExceedMs = 0;
  /** Time of the last value more than 3 spreads above the centre, anomaly or not (-Infinity: none): a run of extremes is rarer than one. */
  lastExtremeMs = -Infinity;
  private pendingNow = 0;
  private pendingPrevious = 0;
  private period = -1;
  /** True while every value seen was an integer in 100..599. */
  statusLike = true;
  statusClasses: DecayedHistogram | null = null;

  static logScale(value: number): number {
    return value >= 0 ? Math.log1p(value) : -Math.log1p(-value);
  }

  /** Distance of a value from the learned centre in mean absolute deviations (0 while learning). */
  z(y: number, minSamples: number): number {
    if (this.n < minSamples) return 0;
    // The floor keeps near-constant streams from flagging a tiny relative change.
    const scale = this.spread + 0.05 + 0.02 * Math.abs(this.centre);
    return (y - this.centre) / scale;
  }

  /** The exceedances older than the lag at `timeMs` (see `exceed`). */
  settledExceed(timeMs: number, windowMs: number): number {
    const period = Math.floor(timeMs / (windowMs * CALIBRATION_LAG_WINDOWS));
    if (this.period < 0) this.period = period;
    if (period > this.period) {
      this.exceed += this.pendingPrevious;
      if (period > this.period + 1) {
        this.exceed += this.pendingNow;
        this.pendingPrevious = 0;
      } else this.pendingPrevious = this.pendingNow;
      this.pendingNow = 0;
      this.period = period;
    }
    return this.exceed;
  }

  /** Records an exceedance (see `exceed`). */
  noteExceedance(timeMs: number, windowMs: number): void {
    this.settledExceed(timeMs, windowMs);
    const gap = timeMs - this.lastExceedMs;
    const weight = gap >= windowMs || gap < 0 ? 1 : gap / windowMs;
    learnJournal.note(this, 0, weight, this.lastExceedMs);
    this.pendingNow += weight;
    this.lastExceedMs = timeMs;
  }

  /** Takes back the exceedance of the record being scored (an anomaly's extremes are not this stream's tail). */
  unlearn(_bin: number, weight: number, previousMs: number): void {
    const left = this.pendingNow - weight;
    this.pendingNow = left > 0 ? left : 0;
    this.lastExceedMs = previousMs;
  }

  learn(value: number, y: number, timeMs: number, halfLifeMs: number): void {
    if (this.statusLike && !(Number.isInteger(value) && value >= 100 && value <= 599)) {
      this.statusLike = false;
      this.statusClasses = null;
    }
    if (this.statusLike) {
      if (this.statusClasses === null) this.statusClasses = new DecayedHistogram(6);
      this.statusClasses.add(Math.floor(value / 100), timeMs, halfLifeMs);
    }
    this.n++;
    if (this.n === 1) {
      this.centre = y;
      return;
    }
    const scale = this.spread + 0.05;
    const d = y - this.centre;
    // Outliers are clipped and barely move the baseline, so an incident that lasts does not
    // become its own normal within minutes.
    const outlier = d > 3 * scale || d < -3 * scale;
    const alpha = (this.n < 100 ? 1 / this.n : 0.01) * (outlier && this.n >= 30 ? 0.1 : 1);
    const limit = 3 * scale;
    const clipped = d > limit ? limit : d < -limit ? -limit : d;
    this.centre += alpha * clipped;
    this.spread += alpha * (Math.abs(clipped) - this.spread);
  }

  toJSON(): unknown {
    return [this.n, this.centre, this.spread, this.statusLike ? 1 : 0, this.statusClasses?.toJSON() ?? null, this.exceed, this.lastExceedMs, this.pendingNow, this.pendingPrevious, this.period, Number.isFinite(this.lastExtremeMs) ? this.lastExtremeMs : null];
  }

  static from(data: unknown): ParamStat {
    const s = new ParamStat();
    if (Array.isArray(data)) {
      s.n = Number(data[0]) || 0;
      s.centre = Number(data[1]) || 0;
      s.spread = Number(data[2]) || 0;
      s.statusLike = data[3] === 1;
      s.statusClasses = data[4] ? DecayedHistogram.from(data[4], 6) : null;
      s.exceed = Number(data[5]) || 0;
      s.lastExceedMs = Number(data[6]) || 0;
      // Snapshots from before the lag have no pending exceedances.
      s.pendingNow = Number(data[7]) || 0;
      s.pendingPrevious = Number(data[8]) || 0;
      s.period = typeof data[9] === 'number' ? data[9] : -1;
      s.lastExtremeMs = typeof data[10] === 'number' ? data[10] : -Infinity;
    }
    return s;
  }
}
