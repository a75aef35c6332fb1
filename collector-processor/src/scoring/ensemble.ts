import { D_SEVERITY, DETECTOR_COUNT, DETECTORS, type Evidence } from '../detectors/evidence.js';
import { LEVEL_NAMES } from '../detectors/input.js';
import type { CompiledScoring } from './config.js';

/**
 * Turns the detectors' evidence into one score in 0..1. Evidence is in decades of tail
 * probability under each service's own learned behaviour, so it means the same in every
 * service; the weighted sum, plus the prior of the severity level, is read as log10 odds
 * against prior odds of 10^-scale: score = 1 / (1 + 10^(scale - evidence)). A score of 0.5
 * is `scale` decades of evidence, 0.9 one decade more.
 */
export function combine(ev: Evidence, level: number, serviceRecords: number, s: CompiledScoring): number {
  const sp = ev.surprise;
  const gate = sp[D_SEVERITY] / s.config.severityPriorGate;
  let decades = (s.severityPrior[level] ?? 0) * (gate < 1 ? gate : 1);
  const cap = s.config.maxSurprise;
  for (let i = 0; i < DETECTOR_COUNT; i++) {
    const x = (sp[i] < cap ? sp[i] : cap) - s.floors[i];
    if (x > 0) decades += s.weights[i] * x;
  }
  const warmup = s.config.warmupRecords;
  if (serviceRecords < warmup) decades *= serviceRecords / warmup;
  ev.decades = decades;
  return 1 / (1 + Math.pow(10, s.config.scaleDecades - decades));
}

export function thresholdFor(service: string, s: CompiledScoring): number {
  const own = s.config.serviceThresholds[service];
  return own === undefined ? s.config.threshold : own;
}

/** Shared by every record without reasons (most of them): never mutated. */
const NO_REASONS: string[] = Object.freeze([]) as unknown as string[];

/** The reasons of the detectors that fired, strongest first; for an anomaly always at least one. */
export function reasonsOf(ev: Evidence, level: number, isAnomaly: boolean, s: CompiledScoring): string[] {
  if (!isAnomaly) {
    let any = false;
    for (let i = 0; i < DETECTOR_COUNT; i++) if (ev.reasons[i] !== '') any = true;
    if (!any) return NO_REASONS;
  }
  const out: { r: string; w: number }[] = [];
  for (let i = 0; i < DETECTOR_COUNT; i++) {
    const r = ev.reasons[i];
    if (r !== '') out.push({ r, w: s.weights[i] * ev.surprise[i] });
  }
  out.sort((a, b) => b.w - a.w);
  const reasons = out.map((o) => o.r);
  if (isAnomaly && reasons.length === 0) {
    if (level >= 4) reasons.push(`severity ${LEVEL_NAMES[level]}`);
    // Below the reason bar each detector adds a little; name the largest contributor.
    let best = 0;
    let bestI = -1;
    for (let i = 0; i < DETECTOR_COUNT; i++) {
      const w = s.weights[i] * (ev.surprise[i] - s.floors[i]);
      if (w > best) {
        best = w;
        bestI = i;
      }
    }
    if (bestI >= 0) reasons.push(`${DETECTORS[bestI]} (p=${Math.pow(10, -ev.surprise[bestI]).toPrecision(2)})`);
  }
  return reasons;
}
