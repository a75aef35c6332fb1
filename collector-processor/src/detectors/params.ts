import type { DetectorConfig } from './config.js';
import { D_PARAMS, REASON_MIN_SURPRISE, type Evidence } from './evidence.js';
import type { ScoringInput } from './input.js';
import { ParamStat } from './param-stat.js';
import { huberTailSurprise, surprise } from './tails.js';
import type { TemplateState } from './template-state.js';

/**
 * Numeric parameters: outliers among a template's typed parameters (numbers, durations, sizes,
 * by position of `<*>`) and its numeric attributes (latencies, sizes, counts, status codes), with
 * robust statistics per template and position. Status-code streams are judged by the rarity of
 * their class (a 5xx where 2xx is the rule), not by distance.
 */
export function detectParams(tpl: TemplateState, input: ScoringInput, cfg: DetectorConfig, ev: Evidence, capEvent: (store: string) => void): void {
  let best = 0;
  let bestWhat = '';
  let bestValue = 0;
  let bestKind = 0;
  const params = input.params;
  const max = params.length < cfg.maxParamPositions ? params.length : cfg.maxParamPositions;
  for (let i = 0; i < max; i++) {
    const p = params[i];
    if (p.value === undefined || (p.type !== 'number' && p.type !== 'duration' && p.type !== 'size') || isIdLike(p.text)) continue;
    let stat = tpl.params[i];
    if (stat === undefined || stat === null) {
      while (tpl.params.length <= i) tpl.params.push(null);
      stat = new ParamStat();
      tpl.params[i] = stat;
    }
    const s = scoreValue(stat, p.value, input.timeMs, cfg);
    if (s > best) {
      best = s;
      bestWhat = `parameter ${i + 1}`;
      bestValue = p.value;
      bestKind = lastKind;
    }
  }
  if (input.attributes.size > 0) {
    const byRoute = attributeStats(tpl, input, cfg, capEvent);
    if (byRoute !== null) {
      scan.stats = byRoute;
      scan.cfg = cfg;
      scan.timeMs = input.timeMs;
      scan.capEvent = capEvent;
      scan.best = best;
      scan.what = '';
      input.attributes.forEach(scanAttribute);
      if (scan.best > best) {
        best = scan.best;
        bestWhat = scan.what;
        bestValue = scan.value;
        bestKind = scan.kind;
      }
      scan.stats = null;
    }
  }
  ev.surprise[D_PARAMS] = best;
  if (best >= REASON_MIN_SURPRISE) {
    ev.reasons[D_PARAMS] =
      bestKind === KIND_STATUS
        ? `unusual status class: ${bestWhat}=${bestValue}`
        : `numeric outlier: ${bestWhat}=${bestValue} (far above its usual range)`;
  }
}

/** State of the attribute scan: a module-level callback and record avoid a closure per record. */
const scan = {
  stats: null as Map<string, ParamStat> | null,
  cfg: null as unknown as DetectorConfig,
  timeMs: 0,
  capEvent: null as unknown as (store: string) => void,
  best: 0,
  what: '',
  value: 0,
  kind: 0,
};

function scanAttribute(value: string | number | boolean, key: string): void {
  // Our own attributes, on a record that comes back through a collector, are not its data.
  if (typeof value !== 'number' || !Number.isFinite(value) || key.startsWith('anomalog.')) return;
  const stats = scan.stats as Map<string, ParamStat>;
  let stat = stats.get(key);
  if (stat === undefined) {
    if (stats.size >= scan.cfg.maxParamPositions) {
      scan.capEvent('detectors.attributes.ignored');
      return;
    }
    stat = new ParamStat();
    stats.set(key, stat);
  }
  const s = scoreValue(stat, value, scan.timeMs, scan.cfg);
  if (s > scan.best) {
    scan.best = s;
    scan.what = key;
    scan.value = value;
    scan.kind = lastKind;
  }
}

/** Attributes that name the operation a record is about: numeric stats are kept per value. */
const ROUTE_KEYS = ['http.route', 'rpc.method', 'db.operation.name', 'messaging.operation.name'];
const MAX_ROUTES_PER_TEMPLATE = 64;

/**
 * The numeric-attribute statistics of a record's template and route: latencies of different
 * routes logged by one template differ by orders of magnitude, and pooled they hide a spike.
 */
function attributeStats(tpl: TemplateState, input: ScoringInput, cfg: DetectorConfig, capEvent: (store: string) => void): Map<string, ParamStat> | null {
  let route = '';
  for (let i = 0; i < ROUTE_KEYS.length; i++) {
    const v = input.attributes.get(ROUTE_KEYS[i]);
    if (typeof v === 'string') {
      route = v;
      break;
    }
  }
  let attrs = tpl.attrs;
  if (attrs === null) {
    attrs = new Map();
    tpl.attrs = attrs;
  }
  let byRoute = attrs.get(route);
  if (byRoute === undefined) {
    if (attrs.size >= MAX_ROUTES_PER_TEMPLATE) {
      capEvent('detectors.routes.ignored');
      return null;
    }
    byRoute = new Map();
    attrs.set(route, byRoute);
  }
  void cfg;
  return byRoute;
}

const KIND_HIGH = 1;
const KIND_STATUS = 3;
/** Which way the last scored value was unusual (avoids returning a tuple on the hot path). */
let lastKind = 0;

/** Digits with a leading zero (order numbers, codes) are identifiers, not quantities. */
function isIdLike(text: string): boolean {
  return text.length > 1 && text.charCodeAt(0) === 48 && text.charCodeAt(1) !== 46;
}

function scoreValue(stat: ParamStat, value: number, timeMs: number, cfg: DetectorConfig): number {
  const y = ParamStat.logScale(value);
  let s = 0;
  if (stat.n >= cfg.paramMinSamples) {
    const classes = stat.statusLike ? stat.statusClasses : null;
    if (classes !== null) {
      const cls = Math.floor(value / 100);
      classes.at(timeMs, cfg.rarityHalfLifeMs);
      // Only client and server errors count; a rare 1xx or 3xx is not an incident.
      if (cls >= 4 && Number.isInteger(value) && value <= 599) {
        s = surprise((classes.mass(cls, cls) + 0.5) / (classes.count() + 1));
        lastKind = KIND_STATUS;
      }
    } else {
      // Upper tail only: incidents make latencies, sizes and counts grow; a fast request or an
      // empty result is not one.
      const z = stat.z(y, cfg.paramMinSamples);
      if (z > 3) {
        // Capped by how rare extremes are in this stream: an isolated one is as rare as the
        // stream's extremes have been (a healthy system's odd slow query), while a run of them
        // (another within the short window) is rarer still, a decade more.
        const run = timeMs - stat.lastExtremeMs <= cfg.burstHalfLifeMs;
        stat.lastExtremeMs = timeMs;
        const cap = surprise((stat.settledExceed(timeMs, cfg.burstHalfLifeMs) + 0.5) / (stat.n + 1)) + (run ? 1 : 0);
        const h = huberTailSurprise(z);
        s = h < cap ? h : cap;
        stat.noteExceedance(timeMs, cfg.burstHalfLifeMs);
      } else if (z > 0) s = huberTailSurprise(z);
      lastKind = KIND_HIGH;
    }
  }
  stat.learn(value, y, timeMs, cfg.rarityHalfLifeMs);
  return s;
}
