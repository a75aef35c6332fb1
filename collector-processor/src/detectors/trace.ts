import { D_TRACE, type Evidence } from './evidence.js';
import { hash32, LEVEL_ERROR, PEER_SERVICE, type ScoringInput } from './input.js';
/** Spans and callers marked per trace: a failure rarely climbs through more hops than this. */
const MARKS = 4;

const FROM_SPAN = 'inherits an anomalous failure logged earlier in its own span';
const FROM_CALLEE = 'inherits an anomalous failure of a service it called in this trace';

/**
 * Failure propagation along a trace. When a record at ERROR or worse is an anomaly, the records
 * that report on the work it was part of carry its evidence: the later records of its own span,
 * and the records of the service that called it (the callee names its caller in `peer.service`)
 * in the same trace. A caller's "order placed" line of a request whose stock read hit an I/O error
 * is a record of a request the failure altered, however ordinary its own text and values. The
 * records that inherit and are flagged pass it on up the call chain. Siblings (other calls of the
 * same request) inherit nothing: they did not contain the failure.
 *
 * State is a direct-mapped table of traces with a failure (no strings kept): a newer trace takes
 * an older one's slot, so the table is the cap.
 */
export class FailureTraces {
  private readonly keys: Int32Array;
  private readonly spans: Int32Array;
  private readonly callers: Int32Array;
  /** Evidence (decades) of the failure each mark carries. */
  private readonly spanDecades: Float64Array;
  private readonly callerDecades: Float64Array;
  private readonly mask: number;
  /** The record being scored: its slot key and span hash (0 when it has no trace). */
  private key = 0;
  private span = 0;
  private peer = '';
  private inherited = false;

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity) size <<= 1;
    this.mask = size - 1;
    this.keys = new Int32Array(size);
    this.spans = new Int32Array(size * MARKS);
    this.callers = new Int32Array(size * MARKS);
    this.spanDecades = new Float64Array(size * MARKS);
    this.callerDecades = new Float64Array(size * MARKS);
  }

  /** Scores a record: the evidence of a failure its span or a service it called carries in its trace. */
  detect(input: ScoringInput, ev: Evidence): void {
    this.inherited = false;
    this.key = 0;
    if (input.traceId === '') return;
    this.key = hash32(input.traceId) | 1;
    this.span = input.spanId === '' ? 0 : hash32(input.spanId) | 1;
    const peer = input.attributes.get(PEER_SERVICE);
    this.peer = typeof peer === 'string' ? peer : '';
    const slot = this.key & this.mask;
    if (this.keys[slot] !== this.key) return;
    const base = slot * MARKS;
    let best = 0;
    let reason = '';
    if (this.span !== 0) {
      for (let i = base; i < base + MARKS; i++) {
        if (this.spans[i] === this.span && this.spanDecades[i] > best) {
          best = this.spanDecades[i];
          reason = FROM_SPAN;
        }
      }
    }
    const service = hash32(input.service) | 1;
    for (let i = base; i < base + MARKS; i++) {
      if (this.callers[i] === service && this.callerDecades[i] > best) {
        best = this.callerDecades[i];
        reason = FROM_CALLEE;
      }
    }
    if (best > 0) {
      this.inherited = true;
      ev.surprise[D_TRACE] = best;
      ev.reasons[D_TRACE] = reason;
    }
  }

  /**
   * Learns the verdict of the record last scored: an anomaly at ERROR or worse, or one that
   * inherited a failure, marks its span and its caller with its evidence (decades).
   */
  settle(isAnomaly: boolean, level: number, decades: number, capEvent: (store: string) => void): void {
    if (this.key === 0 || !isAnomaly || !(level >= LEVEL_ERROR || this.inherited)) return;
    const slot = this.key & this.mask;
    const base = slot * MARKS;
    if (this.keys[slot] !== this.key) {
      if (this.keys[slot] !== 0) capEvent('detectors.failure_traces.evicted');
      this.keys[slot] = this.key;
      this.spans.fill(0, base, base + MARKS);
      this.callers.fill(0, base, base + MARKS);
    }
    if (this.span !== 0) mark(this.spans, this.spanDecades, base, this.span, decades);
    if (this.peer !== '') mark(this.callers, this.callerDecades, base, hash32(this.peer) | 1, decades);
  }
}

/** Sets a mark in a slot's MARKS entries: raises an existing one, else takes a free or the weakest entry. */
function mark(ids: Int32Array, decades: Float64Array, base: number, id: number, value: number): void {
  let weakest = base;
  for (let i = base; i < base + MARKS; i++) {
    if (ids[i] === id) {
      if (value > decades[i]) decades[i] = value;
      return;
    }
    if (ids[i] === 0) {
      ids[i] = id;
      decades[i] = value;
      return;
    }
    if (decades[i] < decades[weakest]) weakest = i;
  }
  if (decades[weakest] >= value) return;
  ids[weakest] = id;
  decades[weakest] = value;
}
