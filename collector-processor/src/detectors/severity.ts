import type { DetectorConfig } from './config.js';
import { DecayedHistogram } from './decay.js';
import { D_SEVERITY, REASON_MIN_SURPRISE, type Evidence } from './evidence.js';
import { LEVEL_FATAL, LEVEL_NAMES, LEVEL_WARN, severityLevel, type ScoringInput } from './input.js';
import type { ServiceState } from './service-state.js';
import { surprise } from './tails.js';
import type { TemplateState } from './template-state.js';

/** Tail probability of a level at or above `level` in a histogram, with a small prior. */
function levelTail(h: DecayedHistogram, level: number): number {
  return (h.mass(level, 6) + 0.5) / (h.count() + 1);
}

/**
 * Severity shift. A WARN or worse record is scored by how often its source logged at that level
 * or worse recently: its component (logger) and service, and (below FATAL) its own template once
 * that has a history. A component that starts logging higher than it used to, or a template that
 * used to log lower, is surprising; a component that errs all the time is not.
 */
export function detectSeverity(svc: ServiceState, tpl: TemplateState, input: ScoringInput, cfg: DetectorConfig, ev: Evidence, capEvent: (store: string) => void): void {
  const t = input.timeMs;
  const h = svc.timeScale(cfg.rarityHalfLifeMs, cfg.rarityMinRecords);
  const level = severityLevel(input.severityNumber);
  const service = sourceHistogram(svc, '', cfg, capEvent);
  const own = input.component === '' ? null : sourceHistogram(svc, input.component, cfg, capEvent);
  const component = own === service ? null : own;
  service.at(t, h);
  component?.at(t, h);
  tpl.levels.at(t, h);
  if (level >= LEVEL_WARN) {
    // The service and the record's component must both find the level rare: a component that
    // always errs is not surprising, nor is a level the whole service logs all the time.
    const pService = levelTail(service, level);
    const pSource = component === null ? pService : Math.max(pService, levelTail(component, level));
    // Below FATAL, a template with a history is judged by it: a known error recurring at its usual
    // level is background, a template that used to log lower has shifted. FATAL is never excused
    // by habit: a component that cannot continue has failed every time it says so.
    const n = tpl.levels.count();
    const own = level < LEVEL_FATAL && n >= cfg.severityTemplatePrior;
    const p = own ? levelTail(tpl.levels, level) : pSource;
    const s = surprise(p);
    const shift = own && s >= REASON_MIN_SURPRISE;
    ev.surprise[D_SEVERITY] = s;
    if (s >= REASON_MIN_SURPRISE) {
      ev.reasons[D_SEVERITY] = shift
        ? `severity shift: this template rarely logs at ${LEVEL_NAMES[level]}`
        : `severity ${LEVEL_NAMES[level]} is rare for ${component === null ? 'this service' : `component ${input.component}`} (p=${p.toPrecision(2)})`;
    }
  }
  service.put(level);
  component?.put(level);
  tpl.levels.put(level);
}

function sourceHistogram(svc: ServiceState, key: string, cfg: DetectorConfig, capEvent: (store: string) => void): DecayedHistogram {
  let h = svc.levels.get(key);
  if (h === undefined) {
    if (svc.levels.size >= cfg.maxComponentsPerService + 1) {
      // Components beyond the cap share the service-wide histogram.
      capEvent('detectors.components.overflow');
      return svc.levels.get('') ?? sourceHistogram(svc, '', cfg, capEvent);
    }
    h = new DecayedHistogram(7);
    svc.levels.set(key, h);
  }
  return h;
}
