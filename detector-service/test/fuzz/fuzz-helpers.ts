/** Deterministic xorshift32 random source, so every fuzz run replays the same inputs. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let s = this.state;
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    this.state = s;
    return s / 0x100000000;
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** One random byte-level mutation: flip, overwrite, insert, delete, truncate or duplicate. */
export function mutate(rng: Rng, input: Uint8Array): Uint8Array {
  const out = Uint8Array.from(input);
  if (out.length === 0) return rng.bytes(rng.int(16));
  const at = rng.int(out.length);
  switch (rng.int(7)) {
    case 0:
      out[at] ^= 1 << rng.int(8);
      return out;
    case 1:
      out[at] = rng.pick([0x00, 0x7f, 0x80, 0xff, 0x0a, 0x12, 0x1a, 0x22, 0x2a, 0x32, 0x3a, rng.int(256)]);
      return out;
    case 2: {
      const insert = rng.bytes(1 + rng.int(8));
      return concat(out.subarray(0, at), insert, out.subarray(at));
    }
    case 3:
      return concat(out.subarray(0, at), out.subarray(Math.min(out.length, at + 1 + rng.int(16))));
    case 4:
      return out.subarray(0, at);
    case 5: {
      const end = Math.min(out.length, at + 1 + rng.int(64));
      return concat(out.subarray(0, end), out.subarray(at, end), out.subarray(end));
    }
    default: {
      // Several flips at once.
      for (let i = 0; i < 4; i++) out[rng.int(out.length)] ^= 1 << rng.int(8);
      return out;
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/**
 * Runs `decode` on `input` and classifies the result: it must either decode or throw the
 * decoder's own error type. Anything else (TypeError, RangeError, stack overflow) is a crash.
 * Returns the milliseconds the call took, to catch pathological slowness.
 */
export function decodeOrReject(decode: (bytes: Uint8Array) => unknown, input: Uint8Array, isDecodeError: (err: unknown) => boolean): { ok: boolean; ms: number } {
  const start = performance.now();
  try {
    decode(input);
    return { ok: true, ms: performance.now() - start };
  } catch (err) {
    if (!isDecodeError(err)) {
      throw new Error(`decoder crashed on input ${Buffer.from(input.subarray(0, 64)).toString('hex')}…: ${String(err)}`);
    }
    return { ok: false, ms: performance.now() - start };
  }
}
