import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TextWriter } from './text-writer.js';

function failingStream(code: string): Writable {
  return new Writable({
    write(_chunk, _enc, callback) {
      callback(Object.assign(new Error(code), { code }));
    },
  });
}

describe('TextWriter', () => {
  it('stops quietly when the reader goes away (EPIPE)', async () => {
    const writer = new TextWriter(failingStream('EPIPE'));
    await writer.write('a\n');
    await new Promise((r) => setImmediate(r));
    expect(writer.closed).toBe(true);
    await expect(writer.write('b\n')).resolves.toBeUndefined();
  });

  it('reports any other write error', async () => {
    const writer = new TextWriter(failingStream('ENOSPC'));
    await writer.write('a\n').catch(() => undefined);
    await new Promise((r) => setImmediate(r));
    await expect(writer.write('b\n')).rejects.toThrow(/ENOSPC/);
  });

  it('waits for drain under backpressure and delivers everything in order', async () => {
    const got: string[] = [];
    const slow = new Writable({
      highWaterMark: 4,
      write(chunk: Buffer, _enc, callback) {
        got.push(chunk.toString());
        setTimeout(callback, 1);
      },
    });
    const writer = new TextWriter(slow);
    for (let i = 0; i < 20; i++) await writer.write(`line ${i}\n`);
    await writer.end();
    expect(got.join('')).toBe(Array.from({ length: 20 }, (_, i) => `line ${i}\n`).join(''));
  });
});
