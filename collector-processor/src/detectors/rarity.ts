import type { DetectorConfig } from './config.js';
import { D_RARITY, REASON_MIN_SURPRISE, type Evidence } from './evidence.js';
import type { ScoringInput } from './input.js';
import { RARITY_BUCKETS, type ServiceState } from './service-state.js';
import { surprise } from './tails.js';
import type { TemplateState } from './template-state.js';

/** log2 bucket of how often a template was seen: 0 = never (or faded away), 1 = about once... */
export function rarityBucket(count: number): number {
  if (count < 0.5) return 0;
  const b = 1 + Math.floor(Math.log2(count + 0.5));
  return b < RARITY_BUCKETS ? b : RARITY_BUCKETS - 1;
}

/**
 * New and rare templates. The statistic is the template's recent, time-decayed count; its tail
 * probability is the share of the service's recent records whose template was at most that
 * common when they arrived. A first sight is surprising in a stable service and much less so
 * in one that keeps producing new templates (a dump or a chatty debug source), and a template
 * not seen for many half-lives is rare again.
 */
export function detectRarity(svc: ServiceState, tpl: TemplateState, input: ScoringInput, cfg: DetectorConfig, ev: Evidence): void {
  const t = input.timeMs;
  const h = svc.timeScale(cfg.rarityHalfLifeMs, cfg.rarityMinRecords);
  svc.rarity.at(t, h);
  const seen = tpl.count.at(t, h);
  const bucket = rarityBucket(seen);
  const p = (svc.rarity.mass(0, bucket) + 0.5) / (svc.rarity.count() + 1);
  const s = surprise(p);
  ev.surprise[D_RARITY] = s;
  if (s >= REASON_MIN_SURPRISE) {
    ev.reasons[D_RARITY] =
      seen < 0.5
        ? `new template (p=${p.toPrecision(2)})`
        : `rare template: seen ~${seen.toFixed(1)} times recently (p=${p.toPrecision(2)})`;
  }
  svc.rarity.put(bucket);
  tpl.count.value += 1;
}
