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
  /**
   * Position of a `<*>` that stands for a variable-length run of values (one or more tokens), or
   * -1 when every `<*>` is one token.
   */
  multiAt: number;
}

export function newCluster(id: string, tokens: string[], tick: number): Cluster {
  return { id, tokens, template: tokens.join(' '), count: 0, lastUsed: tick, removed: false, mergedInto: undefined, multiAt: -1 };
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
    if (own[i] !== tokens[i] && own[i] !== WILDCARD && !fitsPattern(own[i], tokens[i])) {
      own[i] = mergeTokens(own[i], tokens[i]);
      changed = true;
    }
  }
  if (changed) cluster.template = own.join(' ');
  return changed;
}

/** Characters after which a value may start, and at which a value's trailing frame may start. */
const OPENERS = new Set('=:([{/\\"\'@#'.split(''));
const CLOSERS = new Set(')]}"\',;:/\\@#'.split(''));

/**
 * One token standing for two different ones: `<*>` framed by what both share, cut at delimiters:
 * `name=a,` and `name=b,` give `name=<*>,`; `(alpha)` and `(beta)` give `(<*>)`;
 * `Info{com.a/X}` and `Info{com.b/Y}` give `Info{<*>}`; `a.com:<*>` and `<*>:<*>` give `<*>:<*>`.
 */
export function mergeTokens(a: string, b: string): string {
  const min = Math.min(a.length, b.length);
  let common = 0;
  while (common < min && a[common] === b[common]) common++;
  let prefix = 0;
  for (let i = common; i > 0; i--) {
    if (OPENERS.has(a[i - 1])) {
      prefix = i;
      break;
    }
  }
  let tail = 0;
  while (tail < min - prefix && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  let suffix = 0;
  for (let j = tail; j > 0; j--) {
    if (CLOSERS.has(a[a.length - j])) {
      suffix = j;
      break;
    }
  }
  return a.slice(0, prefix) + WILDCARD + a.slice(a.length - suffix);
}

/** True when `token` fits `pattern`, a token whose `<*>` stand for any text (`chdir(<*>)`). */
export function fitsPattern(pattern: string, token: string): boolean {
  const first = pattern.indexOf(WILDCARD);
  if (first < 0) return false;
  if (!token.startsWith(pattern.slice(0, first))) return false;
  let at = first;
  let pos = first;
  for (;;) {
    const next = pattern.indexOf(WILDCARD, at + 3);
    if (next < 0) {
      const tail = pattern.slice(at + 3);
      return token.length - tail.length >= pos && token.endsWith(tail);
    }
    const middle = pattern.slice(at + 3, next);
    const found = token.indexOf(middle, pos);
    if (found < 0) return false;
    pos = found + middle.length;
    at = next;
  }
}
