import type { MinerConfig } from './miner-config.js';

/** The miner's learned state as plain JSON-serialisable data. */
export interface MinerSnapshot {
  version: 1;
  config: MinerConfig;
  tick: number;
  services: ServiceSnapshot[];
  /** Retired template id → the id it merged into. */
  aliases: [string, string][];
  capEvents: [string, number][];
}

/** What restore accepts: a snapshot whose services (and aliases) may come from any iterable, e.g. parsed one at a time. */
export interface RestorableMinerSnapshot extends Omit<MinerSnapshot, 'services' | 'aliases'> {
  services: Iterable<ServiceSnapshot>;
  aliases: Iterable<[string, string]>;
}

export interface ServiceSnapshot {
  service: string;
  lastUsed: number;
  merges: number;
  clusters: ClusterSnapshot[];
  variety: VarietySnapshot[];
  /** Exact-shape cache: masked signature → template id (kept so a restored miner answers identically). */
  cache: [string, string][];
}

export interface ClusterSnapshot {
  id: string;
  tokens: string[];
  count: number;
  lastUsed: number;
  /** Position of a variable-length `<*>`, -1 when none (absent in older snapshots). */
  multiAt?: number;
}

export interface VarietySnapshot {
  key: string;
  position: number;
  values: string[];
  clusterIds: string[];
}
