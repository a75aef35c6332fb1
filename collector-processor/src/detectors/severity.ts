import type { DetectorConfig } from './config.js';
import { DecayedHistogram } from './decay.js';
import { D_SEVERITY, REASON_MIN_SURPRISE, type Evidence } from './evidence.js';
import { LEVEL_NAMES, LEVEL_WARN, severityLevel, type ScoringInput } from './input.js';
import type { ServiceState } from './service-state.js';
import { surprise } from './tails.js';
import type { TemplateState } from './template-state.js';

/** Tail probability of a level at or above `level` in a histogram, with a small prior. */
function levelTail(h: DecayedHistogram, level: number): number {
  return (h.mass(level, 6) + 0.5) / (h.total + 1);
}

/**
 * Severity shift. A WARN or worse record is scored by how often its source logged at that level
 * or worse recently, where the source is the template itself, pulled towards its component's
 * (logger's) and service's habits while the template is young. A template or component that
 * starts logging higher than it used to is surprising; a steady stream of the same error is not
 * (the volume detector judges its rate).
 */
export function detectSeverity(svc: ServiceState, tpl: TemplateState, input: ScoringInput, cfg: DetectorConfig, ev: Evidence, capEvent: (store: string) => void): void {
  const t = input.timeMs;
  const h = cfg.rarityHalfLifeMs;
  const level = severityLevel(input.severityNumber);
  const service = sourceHistogram(svc, '', cfg, capEvent);
  const own = input.component === '' ? null : sourceHistogram(svc, input.component, cfg, capEvent);
  const component = own === service ? null : own;
  service.at(t, h);
  component?.at(t, h);
  tpl.levels.at(t, h);
  if (level >= LEVEL_WARN) {
    const pService = levelTail(service, level);
    // The finer source wins only when it knows better: a component that always errs is not
    // surprising, one that never does is.
    const pSource = component === null ? pService : Math.max(pService, levelTail(component, level));
    const n = tpl.levels.total;
    const w = n / (n + cfg.severityTemplatePrior);
    const p = w * levelTail(tpl.levels, level) + (1 - w) * pSource;
    const s = surprise(p);
    ev.surprise[D_SEVERITY] = s;
    if (s >= REASON_MIN_SURPRISE) ev.reasons[D_SEVERITY] = `severity ${LEVEL_NAMES[level]} unusual for this source (p=${p.toPrecision(2)})`;
  }
  service.bins[level] += 1;
  service.total += 1;
  if (component !== null) {
    component.bins[level] += 1;
    component.total += 1;
  }
  tpl.levels.bins[level] += 1;
  tpl.levels.total += 1;
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
