import { describe, expect, it } from 'vitest';
import { RecordAttributes } from './record-attributes.js';

describe('RecordAttributes', () => {
  it('reads like a Map built with the same sets: order, overwrite in place, size, lookups', () => {
    const sets: Array<[string, string | number | boolean]> = [
      ['http.route', '/a'],
      ['duration_ms', 12],
      ['ok', true],
      ['http.route', '/b'],
      ['peer.service', 'db'],
    ];
    const attrs = new RecordAttributes();
    const map = new Map<string, string | number | boolean>();
    for (const [k, v] of sets) {
      attrs.set(k, v);
      map.set(k, v);
    }
    expect(attrs.size).toBe(map.size);
    expect([...attrs]).toEqual([...map]);
    expect([...attrs.entries()]).toEqual([...map.entries()]);
    expect([...attrs.keys()]).toEqual([...map.keys()]);
    expect([...attrs.values()]).toEqual([...map.values()]);
    expect(Array.from(attrs)).toEqual(Array.from(map));
    expect(new Map(attrs)).toEqual(map);
    for (const k of ['http.route', 'duration_ms', 'ok', 'peer.service', 'missing']) {
      expect(attrs.get(k)).toBe(map.get(k));
      expect(attrs.has(k)).toBe(map.has(k));
    }
    const seen: string[] = [];
    attrs.forEach((v, k, m) => {
      expect(m).toBe(attrs);
      seen.push(`${k}=${String(v)}`);
    });
    expect(seen).toEqual(['http.route=/b', 'duration_ms=12', 'ok=true', 'peer.service=db']);
  });

  it('starts empty again after clear, with nothing of the previous record left', () => {
    const attrs = new RecordAttributes();
    attrs.set('a', 1);
    attrs.set('b', 2);
    attrs.clear();
    expect(attrs.size).toBe(0);
    expect(attrs.get('a')).toBeUndefined();
    expect([...attrs]).toEqual([]);
    attrs.append('c', 'x');
    expect([...attrs]).toEqual([['c', 'x']]);
  });

  it('gives independent iterations (nested loops over the same attributes)', () => {
    const attrs = new RecordAttributes();
    attrs.set('a', 1);
    attrs.set('b', 2);
    const pairs: string[] = [];
    for (const [outer] of attrs) for (const [inner] of attrs) pairs.push(outer + inner);
    expect(pairs).toEqual(['aa', 'ab', 'ba', 'bb']);
  });

  it('starts every loop at the first entry, after loops that ended early or ran out', () => {
    const attrs = new RecordAttributes();
    attrs.set('a', 1);
    attrs.set('b', 2);
    attrs.set('c', 3);
    for (const [k] of attrs) if (k === 'a') break;
    expect([...attrs].map(([k]) => k)).toEqual(['a', 'b', 'c']);
    const seen: string[] = [];
    for (const [outer] of attrs) {
      for (const [inner] of attrs) {
        seen.push(outer + inner);
        if (inner === 'b') break;
      }
    }
    expect(seen).toEqual(['aa', 'ab', 'ba', 'bb', 'ca', 'cb']);
    attrs.clear();
    attrs.append('d', 4);
    expect([...attrs.entries()]).toEqual([['d', 4]]);
  });
});
