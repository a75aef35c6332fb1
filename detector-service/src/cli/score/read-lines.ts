import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

/** One line of input: its text, or why it could not be read. */
export type InputLine = { lineNumber: number; text: string; error?: undefined } | { lineNumber: number; text?: undefined; error: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Lines of a byte stream, decoded one by one as UTF-8, so a line that does not decode (or is
 * longer than `maxLineBytes`) is reported with its number and the rest goes on. `onBytes` is told
 * how many bytes were consumed (for a progress bar).
 */
export async function* readLines(
  input: Readable,
  maxLineBytes: number,
  onBytes: (n: number) => void = () => {},
): AsyncGenerator<InputLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineNumber = 0;
  let overlong = false;
  const finish = (parts: Buffer[], bytes: number): InputLine => {
    lineNumber++;
    if (overlong) {
      overlong = false;
      return { lineNumber, error: `line longer than ${maxLineBytes} bytes` };
    }
    let buf = parts.length === 1 ? parts[0] : Buffer.concat(parts, bytes);
    if (buf.length > 0 && buf[buf.length - 1] === 13) buf = buf.subarray(0, buf.length - 1);
    try {
      return { lineNumber, text: decoder.decode(buf) };
    } catch {
      return { lineNumber, error: 'not valid UTF-8' };
    }
  };
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    onBytes(data.length);
    let start = 0;
    for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
      const part = data.subarray(start, nl);
      if (pendingBytes + part.length > maxLineBytes) overlong = true;
      if (!overlong) pending.push(part);
      yield finish(pending, pendingBytes + part.length);
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
    }
    if (start < data.length && !overlong) {
      const rest = data.subarray(start);
      pendingBytes += rest.length;
      if (pendingBytes > maxLineBytes) {
        overlong = true;
        pending = [];
        pendingBytes = 0;
      } else pending.push(Buffer.from(rest));
    }
  }
  if (pendingBytes > 0 || overlong) yield finish(pending, pendingBytes);
}

export function openInput(file: string): Readable {
  return file === '-' ? process.stdin : createReadStream(file);
}
