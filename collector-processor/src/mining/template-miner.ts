import type { MineResult, ParamType, TypedParam } from '../engine-api.js';
import { CapCounters } from './cap-counters.js';
import type { Cluster } from './cluster.js';
import { type MinerConfig, resolveMinerConfig } from './miner-config.js';
import { ServiceMiner } from './service-miner.js';
import { LazyJsonArray } from '../lazy-json-array.js';
import type { MinerSnapshot, RestorableMinerSnapshot, ServiceSnapshot } from './snapshot.js';
import { tokenize } from './tokenize.js';
import { isVariableToken, TokenizedLine, WILDCARD } from './tokenized-line.js';

export interface TemplateInfo {
  templateId: string;
  template: string;
  count: number;
}

export interface MinerStats {
  services: number;
  templatesByService: Map<string, number>;
  /** Templates merged because a position showed enough distinct keywords to be a parameter. */
  mergedTemplates: number;
  capEvents: Map<string, number>;
}

/**
 * Online template miner, one template store per service (see service-miner.ts for the method).
 *
 * Template ids: a template's id is the hash of its service and its text when it was created, and
 * it keeps that id as it generalises (more `<*>`), so what others keyed on the id stays valid.
 * When templates merge, the oldest id survives and the others are recorded as its aliases
 * (`resolveId`). Two miners fed the same lines in the same order give the same ids; a restored
 * snapshot continues exactly where the original stopped.
 */
export class TemplateMiner {
  readonly config: MinerConfig;
  private readonly services = new Map<string, ServiceMiner>();
  private readonly aliasTable = new Map<string, string>();
  private readonly counters = new CapCounters();
  private readonly line = new TokenizedLine();
  private tick = 0;
  private totalTemplates = 0;
  private readonly aliasSink = { alias: (from: string, to: string) => this.alias(from, to) };

  constructor(config?: Partial<MinerConfig>) {
    this.config = resolveMinerConfig(config);
  }

  /** A miner with the state of a snapshot (its config, unless one is given). */
  static fromSnapshot(snapshot: MinerSnapshot, config?: Partial<MinerConfig>): TemplateMiner {
    const miner = new TemplateMiner(config ?? snapshot.config);
    miner.restore(snapshot);
    return miner;
  }

  /**
   * Mines one message into its template. With `into`, the result is written there and returned
   * (a caller that reads each result before the next line allocates no result object).
   */
  mine(service: string, message: string, into?: MineResult): MineResult {
    this.tick++;
    let text = message;
    if (text.length > this.config.maxLineLength) {
      text = text.slice(0, this.config.maxLineLength);
      this.counters.add('line.truncated');
    }
    const line = this.line;
    if (tokenize(line, text, this.config.maxTokensPerLine)) this.counters.add('tokens.truncated');
    const store = this.serviceMiner(service);
    const before = store.size;
    const { cluster, isNew } = store.match(line, this.tick);
    this.totalTemplates += store.size - before;
    if (this.totalTemplates > this.config.maxTemplatesTotal) this.evictFromLargest();
    cluster.count++;
    cluster.lastUsed = this.tick;
    const params = extractParams(cluster, line);
    if (into === undefined) return { templateId: cluster.id, template: cluster.template, params, isNew, count: cluster.count };
    into.templateId = cluster.id;
    into.template = cluster.template;
    into.params = params;
    into.isNew = isNew;
    into.count = cluster.count;
    return into;
  }

  /** The live id an id stands for now: itself, or the template it was merged into. */
  resolveId(id: string): string {
    let current = id;
    for (let hops = 0; hops < 64; hops++) {
      const next = this.aliasTable.get(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  }

  /** Current text of a template (following aliases), or undefined when unknown or evicted. */
  template(service: string, id: string): string | undefined {
    return this.services.get(service)?.byId.get(this.resolveId(id))?.template;
  }

  templates(service: string): TemplateInfo[] {
    const store = this.services.get(service);
    if (store === undefined) return [];
    return [...store.byId.values()].map((c) => ({ templateId: c.id, template: c.template, count: c.count }));
  }

  serviceNames(): string[] {
    return [...this.services.keys()];
  }

  capEvents(): Map<string, number> {
    return new Map(this.counters.counts);
  }

  stats(): MinerStats {
    const templatesByService = new Map<string, number>();
    let mergedTemplates = 0;
    for (const [name, store] of this.services) {
      templatesByService.set(name, store.size);
      mergedTemplates += store.merges;
    }
    return { services: this.services.size, templatesByService, mergedTemplates, capEvents: this.capEvents() };
  }

  snapshot(): MinerSnapshot {
    return {
      version: 1,
      config: { ...this.config },
      tick: this.tick,
      services: [...this.services.values()].map((s) => s.snapshot()),
      aliases: [...this.aliasTable],
      capEvents: [...this.counters.counts],
    };
  }

  /**
   * The same data as snapshot(), built while a streaming writer writes it (see lazy-json-array.ts):
   * one service's part at a time, when the writer reaches it. The miner may keep mining between
   * parts, so each service is consistent in itself but the whole is not one instant: a service
   * evicted before its turn is left out, one created meanwhile waits for the next snapshot, and
   * the tick, aliases and counters come after the services so the tick is at least every
   * `lastUsed` written.
   */
  lazySnapshot(): unknown {
    const names = [...this.services.keys()];
    const services = this.services;
    const miner = this;
    return {
      version: 1,
      config: { ...this.config },
      services: new LazyJsonArray<ServiceSnapshot>(function* () {
        for (const name of names) {
          const store = services.get(name);
          if (store !== undefined) yield store.snapshot();
        }
      }),
      get tick() {
        return miner.tick;
      },
      aliases: new LazyJsonArray<[string, string]>(() => miner.aliasTable.entries()),
      get capEvents() {
        return [...miner.counters.counts];
      },
    };
  }

  /**
   * Replaces this miner's state with a snapshot's. The services may be any iterable (read once,
   * in order), so a large snapshot can be restored one service at a time.
   */
  restore(snapshot: MinerSnapshot | RestorableMinerSnapshot): void {
    if (snapshot.version !== 1) throw new Error(`miner snapshot: unsupported version ${String(snapshot.version)}`);
    this.services.clear();
    this.totalTemplates = 0;
    this.aliasTable.clear();
    this.counters.counts.clear();
    this.tick = snapshot.tick;
    for (const s of snapshot.services) {
      const store = new ServiceMiner(s.service, this.config, this.counters, this.aliasSink);
      store.restore(s);
      this.totalTemplates += store.size - (this.services.get(s.service)?.size ?? 0);
      this.services.set(s.service, store);
    }
    for (const [from, to] of snapshot.aliases) this.aliasTable.set(from, to);
    // A snapshot written while mining may hold a few aliases more than the cap: the oldest go.
    for (const from of this.aliasTable.keys()) {
      if (this.aliasTable.size <= this.config.maxAliases) break;
      this.aliasTable.delete(from);
    }
    for (const [name, n] of snapshot.capEvents) this.counters.counts.set(name, n);
  }

  private serviceMiner(service: string): ServiceMiner {
    let store = this.services.get(service);
    if (store === undefined) {
      if (this.services.size >= this.config.maxServices) this.evictService();
      store = new ServiceMiner(service, this.config, this.counters, this.aliasSink);
      this.services.set(service, store);
    }
    return store;
  }

  /** Over the total cap: the service with the most templates drops its least recently used. */
  private evictFromLargest(): void {
    let largest: ServiceMiner | undefined;
    for (const s of this.services.values()) if (largest === undefined || s.size > largest.size) largest = s;
    if (largest === undefined) return;
    const before = largest.size;
    largest.evict();
    this.totalTemplates -= before - largest.size;
  }

  private evictService(): void {
    let oldest: ServiceMiner | undefined;
    for (const s of this.services.values()) if (oldest === undefined || s.lastUsed < oldest.lastUsed) oldest = s;
    if (oldest === undefined) return;
    this.services.delete(oldest.service);
    this.totalTemplates -= oldest.size;
    this.counters.add('services.evicted');
    this.counters.add('templates.evicted', oldest.size);
  }

  private alias(from: string, to: string): void {
    if (this.aliasTable.size >= this.config.maxAliases) {
      const oldest = this.aliasTable.keys().next().value as string;
      this.aliasTable.delete(oldest);
      this.counters.add('aliases.evicted');
    }
    this.aliasTable.set(from, to);
  }
}

/**
 * The values behind each `<*>` of the template, in order. A position the line filled with its own
 * shape gives that shape's typed params; a position the template generalised gives the line's
 * whole token (typed when it held exactly one typed value).
 */
function extractParams(cluster: Cluster, line: TokenizedLine): TypedParam[] {
  // Gathered in a reused array, then copied out at their exact count (no growing array per line).
  const params = PARAMS;
  let k = 0;
  const tokens = cluster.tokens;
  const msg = line.message;
  // A variable-length `<*>` takes `span` tokens of the line; every other position is one to one.
  const at = tokens.length === line.count ? -1 : cluster.multiAt;
  const span = at < 0 ? 1 : line.count - tokens.length + 1;
  for (let t = 0, i = 0; t < tokens.length && i < line.count; t++, i++) {
    if (t === at && span !== 1) {
      const first = line.paramFirst[i];
      const last = i + span - 1;
      const count = line.paramFirst[last] + line.paramCount[last] - first;
      params[k++] = new Param(count > 0 ? sameType(line, first, count) : 'string', msg.slice(line.start[i], line.end[last]), undefined);
      i = last;
      continue;
    }
    const first = line.paramFirst[i];
    const count = line.paramCount[i];
    if (count === 0 && line.words[i] === 1) {
      // A word of the line: a parameter only where the template generalised it (no string compare
      // on the hot path: a template token without `<*>` equals the word it matched).
      const tt = tokens[t];
      if (tt === WILDCARD || isVariableToken(tt)) params[k++] = new Param('string', msg.slice(line.start[i], line.end[i]), undefined);
      continue;
    }
    const own = tokens[t] === line.masked[i];
    if (own && line.words[i] === 1) {
      for (let p = first; p < first + count; p++) params[k++] = param(line, msg, p);
    } else if (own || tokens[t] === WILDCARD || isVariableToken(tokens[t])) {
      if (count === 1 && line.masked[i] === WILDCARD) params[k++] = param(line, msg, first);
      else {
        const type = count > 0 && line.masked[i] === WILDCARD ? sameType(line, first, count) : 'string';
        params[k++] = new Param(type, msg.slice(line.start[i], line.end[i]), undefined);
      }
    }
  }
  return params.slice(0, k);
}

const PARAMS: TypedParam[] = [];

/**
 * A param built by a constructor, not an object literal: V8 may decide early on to allocate an
 * object literal's instances straight in the old generation (see engine-verdict.ts), and a line's
 * params live as long as its verdict. `value` is set only where the type has one.
 */
class Param implements TypedParam {
  type: ParamType;
  text: string;
  declare value?: number;

  constructor(type: ParamType, text: string, value: number | undefined) {
    this.type = type;
    this.text = text;
    if (value !== undefined) this.value = value;
  }
}

function param(line: TokenizedLine, msg: string, p: number): TypedParam {
  return new Param(line.paramType[p], msg.slice(line.paramStart[p], line.paramEnd[p]), line.paramValue[p]);
}

function sameType(line: TokenizedLine, first: number, count: number): TypedParam['type'] {
  const type = line.paramType[first];
  for (let p = first + 1; p < first + count; p++) if (line.paramType[p] !== type) return 'string';
  return type;
}
