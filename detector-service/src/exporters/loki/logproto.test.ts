import { beforeAll, describe, expect, it } from 'vitest';
import type protobuf from 'protobufjs';
import { loadPushType } from '../../../test/helpers/loki-decode.js';
import { encodePushRequest, utf8Length, type LokiStream } from './logproto.js';

let PushRequest: protobuf.Type;
beforeAll(async () => {
  PushRequest = await loadPushType();
});

/** A small deterministic generator, so a failure repeats. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ALPHABET = ['a', 'Z', '0', ' ', '"', '\\', '\n', 'é', '✓', '𝄞', '日', '\u0000'];

function text(rand: () => number, maxLength: number): string {
  const n = Math.floor(rand() * rand() * maxLength);
  let out = '';
  for (let i = 0; i < n; i++) out += ALPHABET[Math.floor(rand() * ALPHABET.length)];
  return out;
}

describe('logproto PushRequest encoder', () => {
  it('round-trips through protobufjs with Loki schema for random streams (multi-byte text, long fields, big timestamps)', () => {
    const rand = rng(7);
    for (let round = 0; round < 200; round++) {
      const streams: LokiStream[] = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => ({
        labels: `{service_name="${text(rand, 30).replace(/["\\\n]/g, '')}"}`,
        entries: Array.from({ length: Math.floor(rand() * 5) }, () => ({
          timeNanos: BigInt(Math.floor(rand() * 2 ** 31)) * 1_000_000_000n + BigInt(Math.floor(rand() * 1e9)),
          line: text(rand, rand() < 0.05 ? 40_000 : 300),
          metadata: Array.from({ length: Math.floor(rand() * 4) }, (): [string, string] => [text(rand, 20) || 'k', text(rand, 200)]),
        })),
      }));
      const decoded = PushRequest.toObject(PushRequest.decode(encodePushRequest(streams)), { longs: String, defaults: true }) as {
        streams: { labels: string; entries: { timestamp: { seconds: string; nanos: number }; line: string; structuredMetadata: { name: string; value: string }[] }[] }[];
      };
      expect(decoded.streams).toHaveLength(streams.length);
      decoded.streams.forEach((got, si) => {
        const want = streams[si];
        expect(got.labels).toBe(want.labels);
        expect(got.entries).toHaveLength(want.entries.length);
        got.entries.forEach((entry, ei) => {
          const w = want.entries[ei];
          expect(BigInt(entry.timestamp.seconds) * 1_000_000_000n + BigInt(entry.timestamp.nanos)).toBe(w.timeNanos);
          expect(entry.line).toBe(w.line);
          expect(entry.structuredMetadata.map((p) => [p.name, p.value])).toEqual(w.metadata);
        });
      });
    }
  });
});

describe('utf8Length', () => {
  it('measures as Buffer.byteLength does, lone surrogates and astral characters included', () => {
    const alphabet = [...ALPHABET, '\ud800', '\udc00', '\udbff\udfff', 'ÿ', '߿', 'ࠀ', '\uffff'];
    const rand = rng(7);
    for (let i = 0; i < 5000; i++) {
      let s = '';
      const n = Math.floor(rand() * 90);
      for (let k = 0; k < n; k++) s += alphabet[Math.floor(rand() * alphabet.length)];
      expect(utf8Length(s), JSON.stringify(s)).toBe(Buffer.byteLength(s, 'utf8'));
    }
  });
});
