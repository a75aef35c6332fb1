import { describe, expect, it } from 'vitest';
import { bytesToHex } from './any-value.js';

describe('bytesToHex', () => {
  it('gives the lowercase hex of ids of every length (trace and span ids take a faster path)', () => {
    let seed = 12345;
    const nextByte = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 24;
    };
    for (let n = 0; n <= 40; n++) {
      for (let round = 0; round < 20; round++) {
        const bytes = Uint8Array.from({ length: n }, nextByte);
        expect(bytesToHex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
      }
    }
    expect(bytesToHex(Uint8Array.from([0, 15, 16, 255, 160, 9, 10, 171]))).toBe('000f10ffa0090aab');
  });

  it('reads only the view, not the rest of its buffer', () => {
    const whole = Uint8Array.from({ length: 40 }, (_, i) => i);
    expect(bytesToHex(whole.subarray(4, 20))).toBe(Buffer.from(whole.subarray(4, 20)).toString('hex'));
    expect(bytesToHex(whole.subarray(30, 38))).toBe('1e1f202122232425');
  });
});
