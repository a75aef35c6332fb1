import type { Cluster } from './cluster.js';
import type { TokenizedLine } from './tokenized-line.js';

interface Entry {
  tokens: string[];
  cluster: Cluster;
}

/**
 * Masked line shape → template, keyed by a 32-bit hash of the masked tokens computed in place:
 * no joined signature string is built per line (that allocation and its hashing were the miner's
 * largest single cost). An entry keeps its own copy of the tokens, compared on lookup, so a hash
 * collision is a miss, never a wrong answer.
 */
export class ShapeCache {
  private readonly map = new Map<number, Entry>();
  private lastHash = 0;
  /** Characters of the last looked-up shape (tokens plus separators). */
  lastLength = 0;

  get size(): number {
    return this.map.size;
  }

  lookup(line: TokenizedLine): Cluster | undefined {
    const masked = line.masked;
    const n = line.count;
    let h = 0x811c9dc5;
    let length = n > 0 ? n - 1 : 0;
    for (let i = 0; i < n; i++) {
      const t = masked[i];
      length += t.length;
      for (let k = 0; k < t.length; k++) h = Math.imul(h ^ t.charCodeAt(k), 0x01000193);
      h = Math.imul(h ^ 32, 0x01000193);
    }
    this.lastHash = h;
    this.lastLength = length;
    const entry = this.map.get(h);
    if (entry === undefined || entry.tokens.length !== n) return undefined;
    const tokens = entry.tokens;
    for (let i = 0; i < n; i++) if (tokens[i] !== masked[i]) return undefined;
    return entry.cluster;
  }

  /** Files the last looked-up line's shape under `cluster`. */
  store(line: TokenizedLine, cluster: Cluster): void {
    const tokens = new Array<string>(line.count);
    for (let i = 0; i < line.count; i++) tokens[i] = (' ' + line.masked[i]).slice(1);
    this.map.set(this.lastHash, { tokens, cluster });
  }

  /** Points the last looked-up shape at another cluster (after a merge). */
  repoint(cluster: Cluster): void {
    const entry = this.map.get(this.lastHash);
    if (entry !== undefined) entry.cluster = cluster;
  }

  forget(): void {
    this.map.delete(this.lastHash);
  }

  clear(): void {
    this.map.clear();
  }

  /** Shapes as joined strings with their clusters (for snapshots). */
  *entries(): IterableIterator<[string, Cluster]> {
    for (const entry of this.map.values()) yield [entry.tokens.join(' '), entry.cluster];
  }

  /** Files a shape given as a joined string (from a snapshot). */
  restore(signature: string, cluster: Cluster, line: TokenizedLine): void {
    line.reset(signature);
    for (const token of signature === '' ? [] : signature.split(' ')) line.addToken(token, 0, 0, line.paramTotal);
    this.lookup(line);
    this.store(line, cluster);
  }
}
