import { isUtf8 } from 'node:buffer';
import { OtlpDecodeError } from './decode-error.js';

/**
 * Short ASCII strings (attribute keys, severity texts, enum-like values) repeat across the
 * records of a request and across requests. A fixed table of recently seen ones lets the
 * decoder return the same string without allocating: a hit costs one hash-and-compare pass
 * over bytes it has to scan anyway for the ASCII check.
 */
const INTERN_MAX_LENGTH = 32;
const INTERN_SLOTS = 4096; // fixed size: the table never grows, a colliding string replaces the old one
const internTable: (string | undefined)[] = new Array<string | undefined>(INTERN_SLOTS).fill(undefined);
const internStats = { hits: 0, replacements: 0 };

/** Hits and replacements of the fixed-size short-string table (its cap is INTERN_SLOTS). */
export function stringInternStats(): { slots: number; hits: number; replacements: number } {
  return { slots: INTERN_SLOTS, hits: internStats.hits, replacements: internStats.replacements };
}

/**
 * Decodes bytes [start, end) of `buf` as UTF-8, rejecting invalid sequences as protobuf requires
 * of `string` fields. Longer or non-ASCII text is validated with simdutf (node:buffer isUtf8)
 * and sliced natively.
 */
export function readUtf8(buf: Buffer, start: number, end: number, field: string): string {
  const length = end - start;
  if (length === 0) return '';
  if (length <= INTERN_MAX_LENGTH) {
    let hash = length;
    let i = start;
    for (; i < end; i++) {
      const c = buf[i];
      if (c >= 0x80) break;
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    if (i === end) return internAscii(buf, start, end, hash);
  } else if (length <= ASCII_SCAN_MAX_LENGTH) {
    // Most log text is ASCII: a JS scan plus one native slice beats validation through a view.
    let i = start;
    while (i < end && buf[i] < 0x80) i++;
    if (i === end) return (buf as SliceableBuffer).latin1Slice(start, end);
  }
  if (!isUtf8(buf.subarray(start, end))) {
    throw new OtlpDecodeError(field, 'string is not valid UTF-8');
  }
  return (buf as SliceableBuffer).utf8Slice(start, end);
}

/** Longer strings are validated natively (simdutf) in one call. */
const ASCII_SCAN_MAX_LENGTH = 512;

/** Node's Buffer slicing methods without argument checks (present since Node 0.x, untyped). */
interface SliceableBuffer extends Buffer {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

function internAscii(buf: Buffer, start: number, end: number, hash: number): string {
  const slot = (hash ^ (hash >>> 13)) & (INTERN_SLOTS - 1);
  const cached = internTable[slot];
  const length = end - start;
  if (cached !== undefined && cached.length === length) {
    let j = 0;
    while (j < length && cached.charCodeAt(j) === buf[start + j]) j++;
    if (j === length) {
      internStats.hits++;
      return cached;
    }
  }
  const text = (buf as SliceableBuffer).latin1Slice(start, end);
  if (cached !== undefined) internStats.replacements++;
  internTable[slot] = text;
  return text;
}
