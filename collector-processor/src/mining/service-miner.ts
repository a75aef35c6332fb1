import type { CapCounters } from './cap-counters.js';
import { type Cluster, fitsPattern, generalise, liveCluster, mergeTokens, newCluster } from './cluster.js';
import type { MinerConfig } from './miner-config.js';
import type { ClusterSnapshot, ServiceSnapshot, VarietySnapshot } from './snapshot.js';
import { templateId } from './template-id.js';
import { findStretch, MAX_STRETCH } from './variable-length.js';
import { ShapeCache } from './shape-cache.js';
import { isVariableToken, TokenizedLine, WILDCARD } from './tokenized-line.js';

/** Clusters that differ from each other in one keyword position only, and the keywords seen there. */
interface VarietyGroup {
  /** Token count of the clusters when the group formed. */
  length: number;
  position: number;
  values: string[];
  clusters: Cluster[];
}

export interface MatchOutcome {
  cluster: Cluster;
  isNew: boolean;
}

/** Records retired ids (merged templates) so callers holding an old id can follow it. */
export interface AliasSink {
  alias(from: string, to: string): void;
}

/**
 * The templates of one service, Drain-style but without a similarity threshold on keywords
 * (README.md in this folder tells the method in full):
 *
 * - a message joins a template of the same token count and leading word when every differing
 *   position is a parameter (a `<*>` in the template, or values on both sides), and enough
 *   tokens match; failing that, a template of another length whose `<*>` can take a run of values;
 * - a message that differs from a template in exactly one keyword gets a template of its own, and
 *   the keyword is noted; once `keywordVariety` distinct keywords were seen in that position,
 *   the position is a parameter and those templates merge (the oldest id survives, the others
 *   become its aliases);
 * - an exact-shape cache maps a line's masked tokens to its template, so repeated shapes skip the
 *   scan.
 */
export class ServiceMiner {
  readonly byId = new Map<string, Cluster>();
  /**
   * Templates by leading word (all leading values share one key), then by token count. A leading
   * word must match itself (see compare), so a line is only ever compared with its own bucket.
   */
  private readonly byLead = new Map<string, Map<number, Cluster[]>>();
  private readonly cache = new ShapeCache();
  private readonly variety = new Map<string, VarietyGroup>();
  lastUsed = 0;
  merges = 0;

  // Scratch state of the candidate scan (no allocation per line).
  private keywordPosition = -1;
  /** What match() returns: one object, read by the caller before the next line. */
  private readonly outcome: MatchOutcome = { cluster: undefined as unknown as Cluster, isNew: false };
  private readonly nearClusters: Cluster[] = [];
  private readonly nearPositions: number[] = [];

  constructor(
    readonly service: string,
    private readonly config: MinerConfig,
    private readonly counters: CapCounters,
    private readonly aliases: AliasSink,
  ) {}

  /** The template of a line (see the class comment). The outcome is reused: read it before the next call. */
  match(line: TokenizedLine, tick: number): MatchOutcome {
    this.lastUsed = tick;
    const cached = this.cache.lookup(line);
    if (cached !== undefined) {
      const live = liveCluster(cached);
      if (live !== undefined) {
        if (live !== cached) this.cache.repoint(live);
        return this.outcomeOf(live, false);
      }
      this.cache.forget();
    }
    const shapeLength = this.cache.lastLength;
    const outcome = this.scan(line, tick);
    if (shapeLength > this.config.maxCachedShapeLength) return outcome;
    if (this.cache.size >= this.config.maxCacheEntries) {
      this.counters.add('cache.evicted', this.cache.size);
      this.cache.clear();
    }
    // The scan may have looked nothing else up: the cache still holds this line's hash.
    this.cache.store(line, outcome.cluster);
    return outcome;
  }

  private scan(line: TokenizedLine, tick: number): MatchOutcome {
    const n = line.count;
    const list = this.byLead.get(leadKey(line.masked[0], n))?.get(n);
    let best: Cluster | undefined;
    let bestScore = -1;
    let near = 0;
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) {
        const candidate = list[i];
        const score = this.compare(candidate.tokens, line);
        if (score < 0) continue;
        if (this.keywordPosition < 0) {
          if (score > bestScore) {
            best = candidate;
            bestScore = score;
          }
        } else {
          this.nearClusters[near] = candidate;
          this.nearPositions[near] = this.keywordPosition;
          near++;
        }
      }
    }
    if (best !== undefined) {
      this.nearClusters.length = 0;
      generalise(best, line.masked);
      return this.outcomeOf(best, false);
    }
    const stretched = this.scanOtherLengths(line);
    if (stretched !== undefined) {
      this.nearClusters.length = 0;
      return this.outcomeOf(stretched, false);
    }
    const created = this.create(ownCopies(line.masked, n), tick);
    for (let i = 0; i < near; i++) this.noteVariety(this.nearClusters[i], this.nearPositions[i], created);
    this.nearClusters.length = 0;
    const live = liveCluster(created) ?? created;
    return this.outcomeOf(live, live === created);
  }

  private outcomeOf(cluster: Cluster, isNew: boolean): MatchOutcome {
    this.outcome.cluster = cluster;
    this.outcome.isNew = isNew;
    return this.outcome;
  }

  /**
   * A template of another length that the line matches once a variable-length run of values is
   * one `<*>` (see variable-length.ts). The template takes `<*>` there for good (and is re-filed
   * under its new length when it folded a run of its own).
   */
  private scanOtherLengths(line: TokenizedLine): Cluster | undefined {
    const n = line.count;
    const byLength = this.byLead.get(leadKey(line.masked[0], n));
    if (byLength === undefined) return undefined;
    for (const [length, list] of byLength) {
      if (length === n || Math.abs(length - n) > MAX_STRETCH) continue;
      for (let i = 0; i < list.length; i++) {
        const candidate = list[i];
        const stretch = findStretch(candidate.tokens, line);
        if (stretch === undefined) continue;
        if (candidate.multiAt >= 0 && candidate.multiAt !== stretch.at) continue;
        if (stretch.fold > 1) {
          this.detach(candidate);
          candidate.removed = false;
          candidate.tokens.splice(stretch.at, stretch.fold, WILDCARD);
          this.add(candidate);
        } else {
          candidate.tokens[stretch.at] = WILDCARD;
        }
        candidate.multiAt = stretch.at;
        candidate.template = candidate.tokens.join(' ');
        return candidate;
      }
    }
    return undefined;
  }

  /**
   * How well a line fits a template of the same length: the number of exact token matches, or -1
   * when it cannot join. Sets keywordPosition to the one differing keyword, or -1 when none.
   */
  private compare(tokens: readonly string[], line: TokenizedLine): number {
    const masked = line.masked;
    const n = line.count;
    let exact = 0;
    // Like Drain's similarity: exact matches, plus variables facing variables; `<*>` counts as neither.
    let fits = 0;
    this.keywordPosition = -1;
    for (let i = 0; i < n; i++) {
      const t = tokens[i];
      const m = masked[i];
      if (t === m) {
        exact++;
        fits++;
      } else if (t !== WILDCARD) {
        // As in Drain's prefix tree, a leading word must match itself: only values vary there.
        const kind = i === 0 && (!isVariableToken(t) || !isVariableToken(m)) ? KEYWORD : differenceKind(t, m);
        if (kind === FIT) fits++;
        else if (kind === KEYWORD) {
          if (this.keywordPosition >= 0) return -1;
          this.keywordPosition = i;
        }
        // A keyword against a bare variable may be a parameter: allowed, but not a fit.
      }
    }
    if (n > 0 && fits < this.config.minSimilarity * n) return -1;
    return exact;
  }

  private create(tokens: string[], tick: number): Cluster {
    if (this.byId.size >= this.config.maxTemplatesPerService) this.evict();
    const template = tokens.join(' ');
    let id = templateId(this.service, template);
    // A hash collision with a live template: salt deterministically.
    for (let salt = 1; this.byId.has(id); salt++) id = templateId(this.service, `${template}\u0000${salt}`);
    const cluster = newCluster(id, tokens, tick);
    this.add(cluster);
    return cluster;
  }

  private add(cluster: Cluster): void {
    this.byId.set(cluster.id, cluster);
    const n = cluster.tokens.length;
    const key = leadKey(cluster.tokens[0], n);
    let byLength = this.byLead.get(key);
    if (byLength === undefined) {
      byLength = new Map();
      this.byLead.set(key, byLength);
    }
    let list = byLength.get(n);
    if (list === undefined) {
      list = [];
      byLength.set(n, list);
    }
    list.push(cluster);
  }

  private detach(cluster: Cluster): void {
    cluster.removed = true;
    this.byId.delete(cluster.id);
    const n = cluster.tokens.length;
    const key = leadKey(cluster.tokens[0], n);
    const byLength = this.byLead.get(key);
    const list = byLength?.get(n);
    if (byLength !== undefined && list !== undefined) {
      const at = list.indexOf(cluster);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) byLength.delete(n);
      if (byLength.size === 0) this.byLead.delete(key);
    }
  }

  /** Drops the least recently used sixteenth of the templates (amortises the sort). */
  evict(): void {
    const all = [...this.byId.values()].sort((a, b) => a.lastUsed - b.lastUsed);
    const drop = Math.max(1, Math.ceil(all.length / 16));
    for (let i = 0; i < drop; i++) this.detach(all[i]);
    this.counters.add('templates.evicted', drop);
  }

  private noteVariety(near: Cluster, position: number, created: Cluster): void {
    // As in Drain's prefix tree, the first token is never generalised by variety: it is most
    // often the event's verb or kind (`boot (command 12)` vs `halt (command 12)`).
    if (position === 0 || near.removed || created.removed) return;
    const key = varietyKey(near.tokens, position);
    let group = this.variety.get(key);
    if (group === undefined) {
      if (this.variety.size >= this.config.maxVarietyGroups) {
        // Forget the oldest tracker (Map order is insertion order).
        const oldest = this.variety.keys().next().value as string;
        this.variety.delete(oldest);
        this.counters.add('variety.evicted');
      }
      group = { length: near.tokens.length, position, values: [near.tokens[position]], clusters: [near] };
      this.variety.set(key, group);
    }
    const value = created.tokens[position];
    if (!group.values.includes(value)) {
      group.values.push(value);
      group.clusters.push(created);
    }
    if (group.values.length >= this.config.keywordVariety) {
      this.variety.delete(key);
      this.mergeGroup(group);
    }
  }

  /** The position is a parameter: the oldest live cluster takes `<*>` there and absorbs the rest. */
  private mergeGroup(group: VarietyGroup): void {
    const live: Cluster[] = [];
    for (const c of group.clusters) {
      const l = liveCluster(c);
      if (l !== undefined && !live.includes(l)) live.push(l);
    }
    if (live.length === 0 || live[0].tokens.length !== group.length) return;
    const target = live[0];
    let merged = group.values[0];
    for (let i = 1; i < group.values.length; i++) merged = mergeTokens(merged, group.values[i]);
    target.tokens[group.position] = merged;
    target.template = target.tokens.join(' ');
    for (let i = 1; i < live.length; i++) {
      const other = live[i];
      if (other.tokens.length !== target.tokens.length) continue;
      generalise(target, other.tokens);
      target.count += other.count;
      if (other.lastUsed > target.lastUsed) target.lastUsed = other.lastUsed;
      this.detach(other);
      other.mergedInto = target;
      this.aliases.alias(other.id, target.id);
      this.merges++;
    }
  }

  snapshot(): ServiceSnapshot {
    const clusters: ClusterSnapshot[] = [];
    for (const byLength of this.byLead.values()) {
      for (const list of byLength.values()) {
        for (const c of list) clusters.push({ id: c.id, tokens: [...c.tokens], count: c.count, lastUsed: c.lastUsed, multiAt: c.multiAt });
      }
    }
    const variety: VarietySnapshot[] = [];
    for (const [key, g] of this.variety) {
      variety.push({ key, position: g.position, values: [...g.values], clusterIds: g.clusters.map((c) => c.id) });
    }
    const cache: [string, string][] = [];
    for (const [signature, c] of this.cache.entries()) {
      const live = liveCluster(c);
      if (live !== undefined) cache.push([signature, live.id]);
    }
    return { service: this.service, lastUsed: this.lastUsed, merges: this.merges, clusters, variety, cache };
  }

  restore(snapshot: ServiceSnapshot): void {
    this.lastUsed = snapshot.lastUsed;
    this.merges = snapshot.merges;
    for (const s of snapshot.clusters) {
      const c = newCluster(s.id, [...s.tokens], s.lastUsed);
      c.count = s.count;
      c.multiAt = s.multiAt ?? -1;
      this.add(c);
    }
    for (const v of snapshot.variety) {
      const clusters: Cluster[] = [];
      for (const id of v.clusterIds) {
        const c = this.byId.get(id);
        if (c !== undefined) clusters.push(c);
      }
      const length = clusters[0]?.tokens.length ?? 0;
      this.variety.set(v.key, { length, position: v.position, values: [...v.values], clusters });
    }
    const scratch = new TokenizedLine();
    for (const [signature, id] of snapshot.cache) {
      const c = this.byId.get(id);
      if (c !== undefined) this.cache.restore(signature, c, scratch);
    }
  }

  get size(): number {
    return this.byId.size;
  }
}

const FIT = 0;
const KEYWORD = 1;
const LOOSE = 2;

/**
 * How two different tokens relate. Variables with the same literal frame (`uid=<*>` and
 * `uid=<*>`, or frames without letters such as `<*>` and `<*>:<*>`) fit; tokens whose words
 * differ (`core.<*>` vs `processor..<*>`, `LOOKING` vs `LEADING`) are a keyword difference; a
 * keyword against a bare variable is loose (the keyword may be a parameter value).
 */
function differenceKind(t: string, m: string): number {
  // The values of one key (`user=root`, `user=admin`) are parameters by construction; an empty
  // value (`rhost=`) is a condition of its own, not a value.
  const key = keyLength(t);
  if (key > 0 && key === keyLength(m) && t.startsWith(m.slice(0, key))) {
    return (t.length === key) === (m.length === key) ? FIT : KEYWORD;
  }
  // Dotted names (packages, classes, hosts, properties), with or without masked parts: values.
  if (isDottedName(t) && isDottedName(m)) return FIT;
  const tVar = isVariableToken(t);
  const mVar = isVariableToken(m);
  if (!tVar && !mVar) return KEYWORD;
  const tFrame = tVar ? frame(t) : t;
  const mFrame = mVar ? frame(m) : m;
  const tWords = hasLetter(tFrame);
  const mWords = hasLetter(mFrame);
  // A token that fits the other's worded frame (`chdir(pwd)` in `chdir(<*>)`) is a value of it.
  if ((tVar && tWords && fitsPattern(t, m)) || (mVar && mWords && fitsPattern(m, t))) return FIT;
  if (tVar && mVar) return !tWords || !mWords || tFrame === mFrame ? FIT : KEYWORD;
  // One keyword, one variable: loose when the variable has no words of its own.
  return (tVar ? tWords : mWords) ? KEYWORD : LOOSE;
}

/** Length of a leading `key=` (0 when none): letters, digits, '_', '.', '-' then '='. */
export function keyLength(token: string): number {
  const eq = token.indexOf('=');
  if (eq <= 0) return 0;
  for (let i = 0; i < eq; i++) {
    const c = token.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95 || c === 46 || c === 45;
    if (!ok) return 0;
  }
  return eq + 1;
}

/** A whole token that is a dotted name, possibly wrapped: `org.a.X`, `<*>.example.com`, `(a.b)`. */
const DOTTED = /^[([{"']*[\w$*<>/@:-]+(?:\.[\w$*<>/@:-]+)+[)\]}"',;:]*$/;
const DOT_BETWEEN = /[A-Za-z0-9>]\.[A-Za-z]/;

/** `a.b.c` style names (packages, classes, hosts, properties): their differences are values. */
function isDottedName(token: string): boolean {
  return DOT_BETWEEN.test(token) && DOTTED.test(token);
}

function frame(token: string): string {
  return token.split(WILDCARD).join('');
}

function hasLetter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 32;
    if (c >= 97 && c <= 122) return true;
  }
  return false;
}

/** Bucket key of a leading token: the word itself, or one key for every leading value. */
function leadKey(first: string | undefined, n: number): string {
  if (n === 0 || first === undefined) return '';
  return isVariableToken(first) ? '\u0001' : first;
}

/**
 * The first n tokens as strings of their own: a token sliced from a message would keep the whole
 * message alive for as long as the template lives.
 */
function ownCopies(tokens: readonly string[], n: number): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = (' ' + tokens[i]).slice(1);
  return out;
}

function varietyKey(tokens: readonly string[], position: number): string {
  let key = `${tokens.length}:${position}:`;
  for (let i = 0; i < tokens.length; i++) key += i === position ? '\u0000 ' : tokens[i] + ' ';
  return key;
}
