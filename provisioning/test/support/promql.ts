/** A metric selector found in a PromQL expression. */
export interface Selector {
  metric: string;
  /** Label names used in the selector's matchers, e.g. ["class"] for `x{class="security"}`. */
  matcherLabels: string[];
}

// An Anomalog metric or recording rule name, optionally followed by its matchers.
const selector = /\b(anomalog(?:_[a-zA-Z0-9_]+|:[a-zA-Z0-9_:]+))\b\s*(?:\{([^}]*)\})?/g;
const matcherLabel = /([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g;

/**
 * The Anomalog series (names starting with `anomalog_`) and recording rules (`anomalog:...`)
 * an expression selects. Grafana template variables ($service) may appear in matcher values.
 */
export function anomalogSelectors(expr: string): Selector[] {
  const found: Selector[] = [];
  for (const match of expr.matchAll(selector)) {
    const matchers = match[2] ?? '';
    // Strip quoted values first so a value never reads as a label name.
    const unquoted = matchers.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
    const labels = [...unquoted.matchAll(matcherLabel)].map((m) => m[1]);
    found.push({ metric: match[1], matcherLabels: labels });
  }
  return found;
}

/** Labels every scraped series carries besides its own (added by Prometheus). */
export const targetLabels = ['job', 'instance'];
