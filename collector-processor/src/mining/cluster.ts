import { WILDCARD } from './tokenized-line.js';

/** One template of a service: its tokens (`<*>` for parameters), id and usage. */
export interface Cluster {
  /** Fixed at creation: hash of service and the first template text (see template-miner.ts). */
  readonly id: string;
  tokens: string[];
  template: string;
  count: number;
  /** Miner tick of the last message matched, for least-recently-used eviction. */
  lastUsed: number;
  /** Set when this cluster was merged into another or evicted. */
  removed: boolean;
  mergedInto: Cluster | undefined;
}

export function newCluster(id: string, tokens: string[], tick: number): Cluster {
  return { id, tokens, template: tokens.join(' '), count: 0, lastUsed: tick, removed: false, mergedInto: undefined };
}

/** The live cluster a possibly merged one stands for now (undefined if it was evicted). */
export function liveCluster(cluster: Cluster): Cluster | undefined {
  let c: Cluster | undefined = cluster;
  for (let hops = 0; c !== undefined && c.removed && hops < 64; hops++) c = c.mergedInto;
  return c !== undefined && !c.removed ? c : undefined;
}

/** Makes `cluster` also cover `tokens` (same length): differing positions become `<*>`. */
export function generalise(cluster: Cluster, tokens: readonly string[]): boolean {
  let changed = false;
  const own = cluster.tokens;
  for (let i = 0; i < own.length; i++) {
    if (own[i] !== tokens[i] && own[i] !== WILDCARD) {
      own[i] = mergeTokens(own[i], tokens[i]);
      changed = true;
    }
  }
  if (changed) cluster.template = own.join(' ');
  return changed;
}

const PUNCT = new Set('=:"\'([{<,;.)]}>'.split(''));

/**
 * One token standing for two different ones: `<*>`, keeping what both share around it: a
 * `key=` and punctuation at the start, punctuation and `<*>` at the end. So `name=a,` and
 * `name=b,` give `name=<*>,`, `(alpha)` and `(beta)` give `(<*>)`, `a.com:<*>` and `<*>:<*>`
 * give `<*>:<*>`.
 */
export function mergeTokens(a: string, b: string): string {
  let prefix = 0;
  const eq = a.indexOf('=');
  if (eq > 0 && b.length > eq && b.startsWith(a.slice(0, eq + 1)) && !a.slice(0, eq).includes('<')) prefix = eq + 1;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix] && PUNCT.has(a[prefix]) && a[prefix] !== '<') prefix++;
  let suffix = 0;
  for (;;) {
    const left = Math.min(a.length, b.length) - prefix - suffix;
    const ta = a.length - suffix;
    const tb = b.length - suffix;
    if (left > 3 && a.endsWith(WILDCARD, ta) && b.endsWith(WILDCARD, tb)) suffix += 3;
    else if (left > 1 && a[ta - 1] === b[tb - 1] && PUNCT.has(a[ta - 1]) && a[ta - 1] !== '>') suffix++;
    else break;
  }
  return a.slice(0, prefix) + WILDCARD + a.slice(a.length - suffix);
}
