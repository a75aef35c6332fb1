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
      own[i] = WILDCARD;
      changed = true;
    }
  }
  if (changed) cluster.template = own.join(' ');
  return changed;
}
