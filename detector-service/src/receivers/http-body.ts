import type { IncomingMessage } from 'node:http';
import { gunzip, inflate, type InputType, type ZlibOptions } from 'node:zlib';

export type BodyResult =
  | { kind: 'ok'; body: Buffer }
  | { kind: 'too_large' }
  | { kind: 'bad_encoding'; message: string }
  | { kind: 'aborted' };

/**
 * Reads a request body, refusing it as soon as more than `maxBytes` have arrived (so an
 * oversized upload is never buffered whole), then decompresses gzip/deflate with a hard cap on
 * the output: zlib stops inflating at `maxBytes`, so a gzip bomb costs at most that much memory.
 */
export async function readRequestBody(req: IncomingMessage, encoding: 'identity' | 'gzip' | 'deflate', maxBytes: number): Promise<BodyResult> {
  const raw = await readCapped(req, maxBytes);
  if (raw === 'too_large' || raw === 'aborted') return { kind: raw };
  if (encoding === 'identity') return { kind: 'ok', body: raw };
  try {
    const body = await inflateCapped(encoding === 'gzip' ? gunzip : inflate, raw, maxBytes);
    return { kind: 'ok', body };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      return { kind: 'too_large' };
    }
    return { kind: 'bad_encoding', message: `invalid ${encoding} data: ${(err as Error).message}` };
  }
}

type Inflater = (buf: InputType, options: ZlibOptions, callback: (err: Error | null, result: Buffer) => void) => void;

function inflateCapped(inflater: Inflater, raw: Buffer, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    inflater(raw, { maxOutputLength: maxBytes }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

function readCapped(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too_large' | 'aborted'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve('too_large');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const finish = (result: Buffer | 'too_large' | 'aborted'): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > maxBytes) {
        chunks.length = 0;
        finish('too_large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total));
    const onError = (): void => finish('aborted');
    const onClose = (): void => {
      if (!req.complete) finish('aborted');
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
