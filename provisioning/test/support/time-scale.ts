const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

function durationMs(text: string): number {
  let total = 0;
  for (const part of text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(part[1]) * UNIT_MS[part[2]];
  return total;
}

function scaled(text: string, factor: number): string {
  return `${Math.max(1, Math.round(durationMs(text) / factor))}ms`;
}

const DURATION = /(?:\d+(?:ms|s|m|h|d|w|y))+/g;

/**
 * A Prometheus rule file with every duration divided by `factor`: range selectors and subqueries
 * (`[5m]`, `[1d:5m]`), offsets and `for:`. Replaying logs `factor` times faster than real time
 * and shrinking the rules' time windows by the same factor keeps counts per window, and so the
 * thresholds, meaning what they mean in production.
 */
export function scaleRuleDurations(ruleFileText: string, factor: number): string {
  return ruleFileText
    .replace(/\[([^\]]+)\]/g, (_m, inner: string) => `[${inner.replace(DURATION, (d) => scaled(d, factor))}]`)
    .replace(/\boffset\s+((?:\d+(?:ms|s|m|h|d|w|y))+)/g, (_m, d: string) => `offset ${scaled(d, factor)}`)
    .replace(/^(\s+for:\s*)(\S+)/gm, (_m, prefix: string, d: string) => `${prefix}${scaled(d, factor)}`);
}
