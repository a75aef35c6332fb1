import { isUtf8 } from 'node:buffer';
import { OtlpDecodeError } from './decode-error.js';

/** Strings up to this length are built char by char when ASCII: cheaper than a native call. */
const SHORT_ASCII_MAX = 24;

/**
 * Decodes bytes [start, end) of `buf` as UTF-8, rejecting invalid sequences as protobuf requires
 * of `string` fields. Short ASCII (most keys and values) avoids native calls and allocation of
 * views; longer text is validated with simdutf (node:buffer isUtf8) and sliced natively.
 */
export function readUtf8(buf: Buffer, start: number, end: number, field: string): string {
  const length = end - start;
  if (length === 0) return '';
  if (length <= SHORT_ASCII_MAX) {
    let text = '';
    let i = start;
    for (; i < end; i++) {
      const c = buf[i];
      if (c >= 0x80) break;
      text += String.fromCharCode(c);
    }
    if (i === end) return text;
  }
  if (!isUtf8(buf.subarray(start, end))) {
    throw new OtlpDecodeError(field, 'string is not valid UTF-8');
  }
  return buf.toString('utf8', start, end);
}
