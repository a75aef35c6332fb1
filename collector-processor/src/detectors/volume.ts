import type { DetectorConfig } from './config.js';
import { D_VOLUME, REASON_MIN_SURPRISE, type Evidence } from './evidence.js';
import { hash32, LEVEL_ERROR, LEVEL_NAMES, LEVEL_WARN, severityLevel, type ScoringInput } from './input.js';
import type { TypedParam } from '../engine-api.js';
import { ratioBin, type Calibration } from './calibration.js';
import { ARRIVALS, VariantRate, type ServiceState } from './service-state.js';
import { poissonLowerSurprise, poissonUpperSurprise } from './tails.js';
import type { TemplateState } from './template-state.js';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Volume: bursts of a template's rate, bursts of the service's error rate and drops of the
 * service's rate, each a Poisson tail of the recent (short window) count against the count the
 * baseline (long window) predicts for that window. Once a service has a few days of history its
 * rate baseline is the one of the same hour of day, so the nightly lull is not a drop. Each
 * Poisson surprise is capped by how unusual such a ratio is in the service's own history.
 */
export function detectVolume(
  svc: ServiceState,
  tpl: TemplateState,
  input: ScoringInput,
  cfg: DetectorConfig,
  ev: Evidence,
  capEvent: (store: string) => void,
  caller: ServiceState | null = null,
): void {
  const t = input.timeMs;
  const hs = svc.timeScale(cfg.burstHalfLifeMs, cfg.burstMinRecords);
  const hl = svc.timeScale(cfg.baselineHalfLifeMs, cfg.baselineMinRecords);
  const level = severityLevel(input.severityNumber);

  // Template burst. The baseline is bias-corrected for templates younger than the long window.
  const tplRecent = tpl.recent.at(t, hs) + 1;
  const tplExpected = Math.max(baselineExpectation(tpl.baseline.at(t, hl), t - tpl.firstMs, hs, hl), cfg.minExpectedBurst);
  // A burst of INFO lines is a priori less likely to matter than a burst of errors: the level
  // takes prior odds off the evidence (a decade below WARN, half at WARN), as the ensemble adds
  // them for ERROR and FATAL; it does not shrink the evidence, so an extreme burst of any level
  // can still be an anomaly on its own.
  const prior = level >= LEVEL_ERROR ? 0 : level === LEVEL_WARN ? 0.5 : 1;
  const hr = svc.timeScale(cfg.rarityHalfLifeMs, cfg.rarityMinRecords);
  // A service's traffic is its requests: the records one request logs here come in a cluster and
  // are one arrival (counted by the rate baseline, the hour-of-day rates and the arrival ring).
  const traceKey = input.traceId === '' ? 0 : hash32(input.traceId) | 1;
  const arrival = traceKey === 0 || !arrivedBefore(svc, traceKey);
  // The service's usual rate (same hour of day once known), as a count in the short window, and
  // the gap between its records at that rate: no calibration observation covers more than that.
  const age = t - svc.firstMs;
  const hourly = hourOfDayExpectation(svc, t, hs, cfg);
  const svcExpected = hourly >= 0 ? hourly : baselineExpectation(svc.baseline.at(t, hl), age, hs, hl);
  // A decayed count with half-life hs holds rate * hs / ln2.
  const usualGapMs = svcExpected > 0 ? hs / (svcExpected * Math.LN2) : hs;
  const burst = discounted(prior, svc.burstRatios.judge(poissonUpperSurprise(tplRecent, tplExpected), ratioBin(tplRecent, tplExpected), true, t, hs, hr, usualGapMs, established(tpl.firstMs, t, hs, hl)));

  // Variant burst: the template with the same value of a categorical parameter (an IP, a table,
  // a user...), for the first few such parameters.
  let variantBurst = 0;
  let variantRecent = 0;
  // The highest share of its usual rate that one of this record's parameter streams keeps (-1: none known),
  // and the lowest.
  let keptShare = -1;
  let lowestShare = -1;
  const params = input.params;
  let categorical = 0;
  for (let i = 0; i < params.length && categorical < MAX_VARIANT_PARAMS; i++) {
    const key = variantKeyOf(tpl.h32, i, params[i]);
    if (key < 0) continue;
    categorical++;
    const vs = discounted(prior, variantBurstOf(svc.variants, key, cfg.maxVariantsPerService, 'detectors.variants.evicted', svc.variantRatios, t, hs, hl, hr, cfg, capEvent));
    const recentCount = burstScratch.recent;
    const share = burstScratch.share;
    if (share > keptShare) keptShare = share;
    if (share >= 0 && (lowestShare < 0 || share < lowestShare)) lowestShare = share;
    if (vs > variantBurst) {
      variantBurst = vs;
      variantRecent = recentCount;
    }
  }
  // The template at this record's level, for warnings and worse: a template that mixes levels
  // (an access log line at INFO for 2xx, ERROR for 5xx) has a burst of its failures hidden in its
  // total rate. Only for templates that mostly log lower (else this is the template burst again).
  let levelBurst = 0;
  let levelRecent = 0;
  if (level >= LEVEL_WARN && failuresAreMinority(tpl, level, cfg)) {
    const key = (Math.imul(tpl.h32 ^ 0x51ed27, 0x01000193) ^ level) >>> 0;
    levelBurst = discounted(prior, variantBurstOf(svc.variants, key, cfg.maxVariantsPerService, 'detectors.variants.evicted', svc.variantRatios, t, hs, hl, hr, cfg, capEvent));
    levelRecent = burstScratch.recent;
  }
  // The same for the client a record names in its attributes (an address that is not in the
  // message): one client hammering one operation is a burst of the template from that address.
  let clients = 0;
  for (const [name, value] of input.attributes) {
    if (clients >= MAX_CLIENT_ATTRIBUTES) break;
    if (typeof value !== 'string' || !looksLikeAddress(value)) continue;
    clients++;
    const key = attributeVariantKey(tpl.h32, name, value);
    const vs = discounted(prior, variantBurstOf(svc.clients, key, cfg.maxClientsPerService, 'detectors.clients.evicted', svc.clientRatios, t, hs, hl, hr, cfg, capEvent));
    const recentCount = burstScratch.recent;
    if (vs > variantBurst) {
      variantBurst = vs;
      variantRecent = recentCount;
    }
  }

  // Service problem-rate burst (warnings and worse), judged on the records that make it.
  let errorBurst = 0;
  const errRecent = svc.errorsRecent.at(t, hs);
  const errBase = svc.errorsBaseline.at(t, hl);
  if (level >= LEVEL_WARN) {
    const expected = Math.max(baselineExpectation(errBase, t - svc.firstMs, hs, hl), cfg.minExpectedBurst);
    // Half weight: a rise of many different problems is vaguer evidence than one template's burst.
    errorBurst = 0.5 * svc.errorRatios.judge(poissonUpperSurprise(errRecent + 1, expected), ratioBin(errRecent + 1, expected), true, t, hs, hr, usualGapMs, established(svc.firstMs, t, hs, hl));
  }

  // Service rate drop, judged on every record that still arrives: how long the service's last
  // DROP_ARRIVALS arrivals (requests, or records without a trace) took against how many its usual
  // rate would have brought in that time. A window count would lag: it needs a half-life to forget
  // the traffic before the drop, and as long to notice the recovery. A few arrivals are enough
  // evidence (the calibration judges them against the service's own lulls), and a longer span
  // would hold the drop's start back by as many arrivals, and its end likewise.
  let drop = 0;
  let dropSeen = 0;
  let dropSpanMs = 0;
  // Whether the service's own last arrivals came at least at its usual rate (none known: no).
  let ownRateBack = false;
  if (age >= 10 * hs && svc.arrivalCount >= ARRIVALS) {
    const ratePerMs = (svcExpected * Math.LN2) / hs;
    dropSpanMs = t - svc.arrivals[(svc.arrivalCount - DROP_ARRIVALS) % ARRIVALS];
    dropSeen = DROP_ARRIVALS + (arrival ? 1 : 0);
    const inSpan = ratePerMs * dropSpanMs;
    let lowerTail = poissonLowerSurprise(dropSeen, inSpan);
    ownRateBack = dropSeen >= inSpan;
    // The drop is over once the newest arrivals come at the usual rate again: the span of the last
    // DROP_ARRIVALS would hold it for as many arrivals after the traffic is back.
    const newest = RECOVERY_ARRIVALS + (arrival ? 1 : 0);
    if (!ownRateBack && newest >= ratePerMs * (t - svc.arrivals[(svc.arrivalCount - RECOVERY_ARRIVALS) % ARRIVALS])) {
      ownRateBack = true;
      lowerTail = 0;
    }
    drop = svc.rateRatios.judge(lowerTail, ratioBin(dropSeen, inSpan), false, t, hs, hr, usualGapMs);
  }
  // The calls from a caller whose own traffic has dropped are part of its drop: a callee with few
  // records (a payment per order) sees it first in its caller's verdict, and passes it on. Only a
  // drop the caller reports (one that fires, REASON_MIN_SURPRISE) is passed on, and only while the
  // callee's own arrivals are short of its usual rate too: once they are back, the caller's verdict
  // (from its last record, before these requests reached it) is stale.
  if (caller !== null && caller !== svc && !ownRateBack && caller.dropDecades >= REASON_MIN_SURPRISE && caller.dropDecades > drop) drop = caller.dropDecades;
  svc.dropDecades = drop;
  if (drop > 0) {
    // A drop is reported on the records of the streams that fell: a timer-driven template (a
    // health check, pool statistics) that keeps its own rate is not part of it, nor is a record
    // of a parameter stream that keeps its rate (the queries of one table, when only another
    // table's caller went quiet). The highest current share of its usual rate (from recent gaps)
    // among the record's streams scales the evidence down, to none at par.
    const usualRate = ratePerMsOf(tpl.baseline.at(t, hl), t - tpl.firstMs, hs, hl);
    const tplShare = tpl.gapMean > 0 && usualRate > 0 ? 1 / (usualRate * nextGapMean(tpl, t)) : 1;
    const share = keptShare > tplShare ? keptShare : tplShare;
    if (share >= 1) drop = 0;
    else if (share > KEPT_SHARE_FLOOR) drop *= (1 - share) / (1 - KEPT_SHARE_FLOOR);
  }
  if (arrival) {
    svc.arrivals[svc.arrivalCount % ARRIVALS] = t;
    svc.arrivalTraces[svc.arrivalCount % ARRIVALS] = traceKey;
    svc.arrivalCount++;
    svc.recent.value += 1;
    svc.baseline.value += 1;
  }
  tpl.gapMean = tpl.baseline.value > 0 ? nextGapMean(tpl, t) : -1;

  // A template's burst is reported on the records of the streams that rose: a record of a parameter
  // stream at its usual rate (the other tables' queries while one table is hammered) is not part of
  // it, in proportion up to twice that rate.
  const tplBurst = lowestShare >= 0 && lowestShare < 2 ? (lowestShare <= 1 ? 0 : burst * (lowestShare - 1)) : burst;
  let s = tplBurst;
  let reason = '';
  if (tplBurst >= REASON_MIN_SURPRISE) reason = `template burst: ${tplRecent.toFixed(0)} in the last ${fmtWindow(hs)} vs ${tplExpected.toPrecision(2)} expected`;
  if (variantBurst > s) {
    s = variantBurst;
    if (variantBurst >= REASON_MIN_SURPRISE) reason = `burst of this template with the same parameters: ${variantRecent.toFixed(0)} in the last ${fmtWindow(hs)}`;
  }
  if (levelBurst > s) {
    s = levelBurst;
    if (levelBurst >= REASON_MIN_SURPRISE) reason = `burst of this template at ${LEVEL_NAMES[level]}: ${levelRecent.toFixed(0)} in the last ${fmtWindow(hs)}`;
  }
  if (errorBurst > s) {
    s = errorBurst;
    if (errorBurst >= REASON_MIN_SURPRISE) reason = `warning/error rate burst: ${(errRecent + 1).toFixed(0)} in the last ${fmtWindow(hs)}`;
  }
  if (drop > s) {
    s = drop;
    if (drop >= REASON_MIN_SURPRISE) reason = `traffic drop: the last ${dropSeen} arrivals took ${fmtWindow(dropSpanMs)}, far longer than at the usual rate`;
  }
  ev.surprise[D_VOLUME] = s;
  if (reason !== '') ev.reasons[D_VOLUME] = reason;

  tpl.recent.value += 1;
  tpl.baseline.value += 1;
  if (level >= LEVEL_WARN) {
    svc.errorsRecent.value += 1;
    svc.errorsBaseline.value += 1;
  }
  learnHourOfDay(svc, t, arrival);
}

/** Whether the arrival ring holds this trace already. */
function arrivedBefore(svc: ServiceState, traceKey: number): boolean {
  const traces = svc.arrivalTraces;
  for (let i = 0; i < ARRIVALS; i++) if (traces[i] === traceKey) return true;
  return false;
}

/** Evidence in decades less a prior in decades, never below none. */
function discounted(prior: number, decades: number): number {
  return decades > prior ? decades - prior : 0;
}

/** The template has a history and most of it is below `level`. */
function failuresAreMinority(tpl: TemplateState, level: number, cfg: DetectorConfig): boolean {
  const n = tpl.levels.count();
  return n >= cfg.severityTemplatePrior && tpl.levels.mass(level, 6) < 0.5 * n;
}

/**
 * Count expected in the short window from a long-window decayed count. A decayed count of a
 * stream that started `ageMs` ago under-reads its rate by (1 - 2^(-age/hl)); that is corrected,
 * with the age floored at a quarter of the long window: a stream born in a burst holds little
 * but the burst, and correcting fully would read the burst as its steady rate after a couple of
 * minutes (a new error template firing for two minutes would stop being a burst after one).
 */
function baselineExpectation(baseline: number, ageMs: number, hs: number, hl: number): number {
  const age = Math.max(ageMs, 4 * hs, hl / 4);
  const filled = 1 - Math.exp((-age * Math.LN2) / hl);
  return (baseline / filled) * (hs / hl);
}

/**
 * A stream is old enough for its bursts to teach the service's calibration once its expectation is
 * no longer floored as a young stream's (baselineExpectation): before that every stream, and at a
 * service's start all of them, reads as a burst of its own first minutes.
 */
function established(firstMs: number, t: number, hs: number, hl: number): boolean {
  return t - firstMs >= Math.max(4 * hs, hl / 4);
}

/** A template's occurrences per ms at its baseline (0 when unknown). */
function ratePerMsOf(baseline: number, ageMs: number, hs: number, hl: number): number {
  return (baselineExpectation(baseline, ageMs, hs, hl) * Math.LN2) / hs;
}

/** The template's mean gap with this occurrence's gap folded in (a running mean over about four gaps). */
function nextGapMean(tpl: TemplateState, t: number): number {
  const gap = t - tpl.lastMs;
  if (tpl.gapMean < 0) return gap;
  return tpl.gapMean + (gap - tpl.gapMean) / 4;
}

/** Expected short-window count from the same hour of day, or -1 without enough days of it. */
function hourOfDayExpectation(svc: ServiceState, t: number, hs: number, cfg: DetectorConfig): number {
  if (t - svc.firstMs < cfg.timeOfDayMinDays * DAY_MS) return -1;
  const hour = Math.floor(t / HOUR_MS) % 24;
  if (svc.hourlyDays[hour] < cfg.timeOfDayMinDays) return -1;
  // A decayed count over a short half-life hs holds rate * hs / ln2 at steady state.
  return (svc.hourlyRate[hour] / HOUR_MS) * (hs / Math.LN2);
}

/** Counts arrivals per clock hour and folds each finished hour into its hour-of-day average. */
function learnHourOfDay(svc: ServiceState, t: number, arrival: boolean): void {
  const start = t - (t % HOUR_MS);
  if (svc.hourStartMs < 0) svc.hourStartMs = start;
  if (start > svc.hourStartMs) {
    const hour = Math.floor(svc.hourStartMs / HOUR_MS) % 24;
    const days = svc.hourlyDays[hour];
    svc.hourlyRate[hour] = days === 0 ? svc.hourCount : svc.hourlyRate[hour] + (svc.hourCount - svc.hourlyRate[hour]) / Math.min(days + 1, 7);
    svc.hourlyDays[hour] = days + 1;
    svc.hourStartMs = start;
    svc.hourCount = 0;
  }
  if (start === svc.hourStartMs && arrival) svc.hourCount++;
}

const MAX_VARIANT_PARAMS = 3;
/** The most recent arrivals a drop is judged on. */
const DROP_ARRIVALS = 8;
/**
 * A stream's share of its usual rate below which it does not discount a drop: the share comes from a
 * mean of about four gaps, which reads a stream at a third of its rate above half of it often.
 */
const KEPT_SHARE_FLOOR = 0.7;
/** The newest arrivals that, at the usual rate, end a drop. */
const RECOVERY_ARRIVALS = 4;
const MAX_CLIENT_ATTRIBUTES = 2;

/** An IPv4 or IPv6 address, checked cheaply (digits and dots, or hex and colons). */
export function looksLikeAddress(v: string): boolean {
  const n = v.length;
  if (n < 7 || n > 45) return false;
  let dots = 0;
  let colons = 0;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c === 46) dots++;
    else if (c === 58) colons++;
    else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return (dots === 3 && colons === 0) || colons >= 2;
}

function attributeVariantKey(templateHash: number, name: string, value: string): number {
  let h = Math.imul(templateHash ^ 0x7f4a7c15, 0x01000193);
  for (let j = 0; j < name.length; j++) h = Math.imul(h ^ name.charCodeAt(j), 0x01000193);
  h = Math.imul(h ^ 0x3d, 0x01000193);
  for (let j = 0; j < value.length; j++) h = Math.imul(h ^ value.charCodeAt(j), 0x01000193);
  return h >>> 0;
}

/**
 * A number for the template with one categorical parameter's value (an IP, a name, a path...),
 * or -1 when the parameter is not categorical: numbers and ids differ on every line.
 */
function variantKeyOf(templateHash: number, position: number, p: TypedParam): number {
  const type = p.type;
  if (type !== 'ip' && type !== 'string' && type !== 'path' && type !== 'url' && type !== 'email') return -1;
  let h = Math.imul(templateHash ^ (position + 0x9e3779b9), 0x01000193);
  const text = p.text;
  for (let j = 0; j < text.length; j++) h = Math.imul(h ^ text.charCodeAt(j), 0x01000193);
  return h >>> 0;
}

/**
 * Set by variantBurstOf, reused so there is no allocation per record: the variant's recent
 * records (this one included), and its current share of its usual rate (-1 when unknown).
 */
const burstScratch = { recent: 0, share: -1 };

/**
 * One variant of a template (a categorical parameter value, a level, a client) as its own rate in
 * a capped store: its calibrated burst surprise for this record (unweighted), after which the
 * record is counted. `burstScratch.recent` holds the recent count the surprise was judged on.
 */
function variantBurstOf(
  rates: Map<number, VariantRate>,
  key: number,
  cap: number,
  capStore: string,
  ratios: Calibration,
  t: number,
  hs: number,
  hl: number,
  hr: number,
  cfg: DetectorConfig,
  capEvent: (store: string) => void,
): number {
  let variant = rates.get(key);
  if (variant === undefined) {
    if (rates.size >= cap) {
      evictVariants(rates);
      capEvent(capStore);
    }
    variant = new VariantRate(t);
    rates.set(key, variant);
  }
  const previousMs = variant.recent.lastMs;
  const recentCount = variant.recent.at(t, hs) + 1;
  const usual = baselineExpectation(variant.baseline.at(t, hl), t - variant.firstMs, hs, hl);
  const expected = Math.max(usual, cfg.minExpectedBurst);
  // Its share of its usual rate, from its last few gaps: only for a stream that usually has a
  // handful of records in a short window (a sparse one's gaps say nothing about its rate).
  const gapMean = variant.gapMean < 0 ? t - previousMs : variant.gapMean + (t - previousMs - variant.gapMean) / 4;
  burstScratch.share = variant.gapMean > 0 && usual >= cfg.burstMinRecords ? hs / (usual * Math.LN2 * gapMean) : -1;
  variant.gapMean = variant.baseline.value > 0 ? gapMean : -1;
  // The variant's own gaps weigh its observations (see Calibration.judge): the service's variants
  // are many streams, each observed in every window.
  const streamGapMs = usual > 0 ? hs / (usual * Math.LN2) : hs;
  const surprise = ratios.judge(poissonUpperSurprise(recentCount, expected), ratioBin(recentCount, expected), true, t, hs, hr, streamGapMs, established(variant.firstMs, t, hs, hl), previousMs);
  variant.recent.value += 1;
  variant.baseline.value += 1;
  burstScratch.recent = recentCount;
  return surprise;
}

/** Drops the variants not seen for the longest time (a quarter of them). */
function evictVariants(variants: Map<number, VariantRate>): void {
  const byAge = [...variants].sort((a, b) => a[1].recent.lastMs - b[1].recent.lastMs);
  const n = Math.max(1, byAge.length >> 2);
  for (let i = 0; i < n; i++) variants.delete(byAge[i][0]);
}

function fmtWindow(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}
