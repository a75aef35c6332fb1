import { LazyJsonArray } from '@anomalog/collector-processor';
import { describe, expect, it } from 'vitest';
import { writeJsonStream } from './json-stream.js';

async function streamed(value: unknown, chunkChars = 7): Promise<string> {
  const chunks: string[] = [];
  await writeJsonStream(value, async (chunk) => void chunks.push(chunk), { chunkChars });
  return chunks.join('');
}

/** A deterministic pseudo-random value tree, so a failure can be reproduced. */
function randomValue(seed: number, depth: number): unknown {
  let s = seed;
  const next = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const pieces = ['a', 'é', '日本', '😀', '"', '\\', '\n', '\t', '\u0000', '\u001f', '\u2028', '\ud800', '\udc00', '</script>', ' '];
  const make = (d: number): unknown => {
    const r = next();
    if (d <= 0 || r < 0.35) {
      const kind = Math.floor(next() * 6);
      if (kind === 0) return (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20);
      if (kind === 1) return Math.floor(next() * 1e6) - 5e5;
      if (kind === 2) return next() < 0.5;
      if (kind === 3) return null;
      return Array.from({ length: Math.floor(next() * 6) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
    }
    const n = Math.floor(next() * 6);
    if (r < 0.65) return Array.from({ length: n }, () => make(d - 1));
    const o: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) o[(make(0) as string | number | boolean | null)?.toString() ?? 'null'] = make(d - 1);
    return o;
  };
  return make(depth);
}

describe('writeJsonStream', () => {
  it('writes exactly what JSON.stringify writes for nested data, unicode and escapes', async () => {
    const value = {
      empty: { obj: {}, arr: [], str: '' },
      text: 'quote " backslash \\ newline \n tab \t nul \u0000 unit sep \u001f del \u007f',
      unicode: 'é 日本語 😀 \u2028\u2029 lone high \ud83d lone low \ude00',
      'key "with" \\ escapes\n': 1,
      numbers: [0, -0, 1.5, -1e-7, 1e21, 123456789012345680000, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, 0.1 + 0.2],
      nonFinite: [NaN, Infinity, -Infinity],
      longFlat: Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? NaN : i % 3 === 1 ? `s${i}\u0001` : i)),
      wideFlat: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i % 2 === 0 ? i : undefined])),
      nested: [[[[[{ deep: [1, [2, [3]]] }]]]]],
      2: 'integer-like keys come first',
      1: 'in ascending order',
    };
    expect(await streamed(value)).toBe(JSON.stringify(value));
    for (const chunkChars of [1, 3, 1 << 20]) expect(await streamed(value, chunkChars)).toBe(JSON.stringify(value));
  });

  it('matches JSON.stringify on many generated values', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const value = randomValue(seed, 5);
      expect(await streamed(value), `seed ${seed}`).toBe(JSON.stringify(value));
    }
  });

  it('matches JSON.stringify on a large array of template-like records', async () => {
    const value = Array.from({ length: 50_000 }, (_, i) => ({ id: `t${i}`, tokens: ['user', '<*>', `näme${i % 17}`], count: i * 3.25, at: i % 5 === 0 ? null : i }));
    expect(await streamed(value, 64 * 1024)).toBe(JSON.stringify(value));
  });

  it('follows JSON.stringify for what JSON cannot hold: toJSON, wrappers, undefined, functions, symbols', async () => {
    const keysSeen: string[] = [];
    const withToJSON = {
      toJSON(key: string) {
        keysSeen.push(key);
        return { replaced: key };
      },
    };
    const value = {
      date: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
      custom: withToJSON,
      inArray: [withToJSON, undefined, () => 1, Symbol('s')],
      wrapped: [Object(1.5), Object('s'), Object(false)],
      gone: undefined,
      fn: () => 1,
      fnWithToJSON: Object.assign(() => 1, { toJSON: () => 'from a function' }),
      flatWithDate: [1, new Date(0)],
      sym: Symbol('x'),
      map: new Map([[1, 2]]),
      typed: Uint8Array.of(1, 2),
      [Symbol('k')]: 'symbol keys are skipped',
    };
    const expected = JSON.stringify(value);
    keysSeen.length = 0;
    expect(await streamed(value)).toBe(expected);
    expect(keysSeen).toEqual(['custom', '0']);
    expect(await streamed('top')).toBe(JSON.stringify('top'));
    expect(await streamed(null)).toBe('null');
  });

  it('throws a TypeError where JSON.stringify throws, and for a top-level value with no JSON form', async () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    await expect(streamed(cyclic)).rejects.toThrow(TypeError);
    await expect(streamed({ n: 1n })).rejects.toThrow(TypeError);
    await expect(streamed(undefined)).rejects.toThrow(TypeError);
    // The same object twice, not nested in itself, is no cycle.
    const shared = { x: 1 };
    expect(await streamed([shared, shared])).toBe(JSON.stringify([shared, shared]));
  });

  it('writes a LazyJsonArray as JSON.stringify does, taking its items only as it reaches them', async () => {
    let made = 0;
    const items = new LazyJsonArray(function* () {
      for (let i = 0; i < 200; i++) {
        made++;
        yield { service: `s${i}`, parts: Array.from({ length: 40 }, (_, k) => [k, `t${i}.${k}`]), gone: undefined };
      }
      yield undefined;
    });
    const value = { before: 1, services: items, empty: new LazyJsonArray(() => []), after: [new LazyJsonArray(() => [1, 'x'])] };
    const expected = JSON.stringify(value);
    made = 0;
    const madeAtWrite: number[] = [];
    const chunks: string[] = [];
    await writeJsonStream(value, async (chunk) => {
      chunks.push(chunk);
      madeAtWrite.push(made);
    }, { chunkChars: 4096 });
    expect(chunks.join('')).toBe(expected);
    // An item is about 600 characters: when a 4 KB chunk is written, only the items in it (and
    // the one being walked) have been made, never the whole array ahead of the writer.
    expect(madeAtWrite[0]).toBeLessThanOrEqual(9);
    expect(madeAtWrite.filter((n) => n < 200).length).toBeGreaterThan(20);
  });
});
