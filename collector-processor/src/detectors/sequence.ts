import type { DetectorConfig } from './config.js';
import { D_SEQUENCE, REASON_MIN_SURPRISE, type Evidence } from './evidence.js';
import { hash32, type ScoringInput } from './input.js';
import type { ServiceState } from './service-state.js';
import { surprise } from './tails.js';
import type { TemplateState } from './template-state.js';

/** Transition keys: 32 bits of the previous template's hash, 21 of the next one's; bit 52 marks traces. */
const TRACE_BIT = 2 ** 52;
function transitionKey(prev: TemplateState, next: TemplateState, inTrace: boolean): number {
  return (prev.h32 & 0x7fffffff) * 2097152 + (next.h32 & 0x1fffff) + (inTrace ? TRACE_BIT : 0);
}

/**
 * Sequence: transitions between templates never or rarely seen, in the service's stream and,
 * when records carry trace ids, within each trace. The probability of an unseen successor is
 * Witten-Bell's escape estimate D / (N + D) (D distinct successors in N transitions): a template
 * always followed by the same few is surprising when something else follows it, one followed by
 * anything (interleaved requests) is not.
 */
export function detectSequence(svc: ServiceState, tpl: TemplateState, input: ScoringInput, cfg: DetectorConfig, ev: Evidence, capEvent: (store: string) => void): void {
  let s = 0;
  let where = '';
  const prev = svc.last;
  if (prev !== null) {
    const ps = transition(svc, prev, tpl, false, cfg, capEvent);
    if (ps > s) {
      s = ps;
      where = 'in the service stream';
    }
  }
  svc.last = tpl;
  if (input.traceId !== '') {
    const traces = svc.traceTable(cfg.maxTracesPerService);
    const key = hash32(input.traceId) | 1;
    const slot = key & (traces.keys.length - 1);
    if (traces.keys[slot] === key) {
      const prevInTrace = traces.last[slot];
      if (prevInTrace !== null) {
        const ts = transition(svc, prevInTrace, tpl, true, cfg, capEvent);
        if (ts > s) {
          s = ts;
          where = 'within its trace';
        }
      }
    } else if (traces.keys[slot] !== 0) {
      // The slot held another trace: it is forgotten (the table is the cap).
      capEvent('detectors.traces.evicted');
    }
    traces.keys[slot] = key;
    traces.last[slot] = tpl;
  }
  ev.surprise[D_SEQUENCE] = s;
  if (s >= REASON_MIN_SURPRISE) ev.reasons[D_SEQUENCE] = `unusual transition ${where}`;
}

function transition(svc: ServiceState, prev: TemplateState, next: TemplateState, inTrace: boolean, cfg: DetectorConfig, capEvent: (store: string) => void): number {
  const key = transitionKey(prev, next, inTrace);
  const count = svc.transitions.get(key) ?? 0;
  const total = inTrace ? prev.traceSuccTotal : prev.succTotal;
  const distinct = inTrace ? prev.traceSuccDistinct : prev.succDistinct;
  let s = 0;
  if (total >= cfg.sequenceMinOut) {
    const p = count === 0 ? distinct / (total + distinct) : (count + distinct) / (total + distinct);
    s = surprise(p);
  }
  if (count === 0) {
    if (svc.transitions.size >= cfg.maxTransitionsPerService) {
      evictRarest(svc.transitions);
      capEvent('detectors.transitions.evicted');
    }
    if (inTrace) prev.traceSuccDistinct++;
    else prev.succDistinct++;
  }
  svc.transitions.set(key, count + 1);
  if (inTrace) prev.traceSuccTotal++;
  else prev.succTotal++;
  return s;
}

/** Drops the first `n` entries of a map (the oldest inserted). */
function evictOldest<K, V>(map: Map<K, V>, n: number): void {
  let i = 0;
  for (const key of map.keys()) {
    if (i++ >= n) break;
    map.delete(key);
  }
}

/** Drops the transitions seen once (or, if none, the older quarter): amortised O(1) per insert. */
function evictRarest(map: Map<number, number>): void {
  const before = map.size;
  for (const [key, count] of map) if (count <= 1) map.delete(key);
  if (map.size > before - (before >> 3)) evictOldest(map, before >> 2);
}
