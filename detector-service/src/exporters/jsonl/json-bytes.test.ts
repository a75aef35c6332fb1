import { describe, expect, it } from 'vitest';
import { JsonBytes } from './json-bytes.js';

/** Deterministic random text mixing ASCII, escapes, multi-byte characters and lone surrogates. */
function randomText(seed: number): string {
  let s = seed;
  const next = (k: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % k;
  };
  let out = '';
  const length = next(60);
  for (let i = 0; i < length; i++) {
    const kind = next(8);
    if (kind === 0) out += String.fromCharCode(next(0x20));
    else if (kind === 1) out += '"\\/';
    else if (kind === 2) out += String.fromCharCode(0x80 + next(0x780));
    else if (kind === 3) out += String.fromCharCode(0x800 + next(0xd000));
    else if (kind === 4) out += String.fromCharCode(0xd800 + next(0x800));
    else if (kind === 5) out += '😀€';
    else out += String.fromCharCode(0x20 + next(0x60));
  }
  return out;
}

describe('JsonBytes', () => {
  it('writes strings as the UTF-8 bytes of JSON.stringify, escapes and lone surrogates included', () => {
    const w = new JsonBytes(16);
    for (let seed = 1; seed <= 2000; seed++) {
      const text = randomText(seed);
      w.reset();
      w.string(text);
      expect(w.bytes().toString('utf8'), JSON.stringify(text)).toBe(JSON.stringify(text));
      expect(Buffer.compare(w.bytes(), Buffer.from(JSON.stringify(text)))).toBe(0);
    }
  });

  it('writes numbers as JSON does, and non-finite ones as quoted text', () => {
    const w = new JsonBytes(4);
    const values = [0, -0, 7, 200, 1e15 - 1, 1e15, 2 ** 53, -3, 0.1, 1 / 3, 42.5043132272549, 1e-7, 1.5e300, -2.5];
    for (let round = 0; round < 2; round++) {
      // The second round reads printed fractions from the cache.
      for (const v of values) {
        w.reset();
        w.number(v);
        expect(w.bytes().toString()).toBe(JSON.stringify(v));
      }
    }
    for (const v of [NaN, Infinity, -Infinity]) {
      w.reset();
      w.number(v);
      expect(w.bytes().toString()).toBe(JSON.stringify(String(v)));
    }
  });

  it('grows past its initial size and keeps what was written', () => {
    const w = new JsonBytes(8);
    const parts: string[] = [];
    for (let i = 0; i < 500; i++) {
      const text = `line ${i} ${'é'.repeat(i % 7)}`;
      w.string(text);
      w.byte(0x0a);
      parts.push(JSON.stringify(text));
    }
    w.hex(Uint8Array.from([0, 15, 16, 255]));
    expect(w.bytes().toString()).toBe(parts.join('\n') + '\n000f10ff');
  });
});
