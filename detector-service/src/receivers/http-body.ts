import type { IncomingMessage } from 'node:http';
import { gunzip, inflate, type InputType, type ZlibOptions } from 'node:zlib';
import type { ByteBudget } from './byte-budget.js';
import type { ConcurrencyGate } from './concurrency-gate.js';

export type BodyResult =
  | { kind: 'ok'; body: Buffer }
  | { kind: 'too_large' }
  /** The listener's in-flight byte budget is spent: refuse with backpressure. */
  | { kind: 'busy' }
  | { kind: 'bad_encoding'; message: string }
  | { kind: 'aborted' };

/**
 * Reads a request body, refusing it as soon as more than `maxBytes` have arrived (so an
 * oversized upload is never buffered whole), then decompresses gzip/deflate with a hard cap on
 * the output: zlib stops inflating at `maxBytes`, so a gzip bomb costs at most that much memory.
 * Bytes held are taken from `budget` as they arrive; on success the caller owns `held` bytes of
 * it and must release them when done with the body; on any other result they are already released.
 */
export async function readRequestBody(
  req: IncomingMessage,
  encoding: 'identity' | 'gzip' | 'deflate',
  maxBytes: number,
  budget: ByteBudget,
  inflateGate: ConcurrencyGate,
): Promise<BodyResult & { held: number }> {
  const raw = await readCapped(req, maxBytes, budget);
  if (typeof raw === 'string') return { kind: raw, held: 0 };
  if (encoding === 'identity') return { kind: 'ok', body: raw, held: raw.length };
  // At most `inflateGate.limit` inflations (each capped at maxBytes) run at once, so their
  // transient output is bounded too; the inflated body is then charged to the budget.
  try {
    const body = await inflateGate.run(() => inflateCapped(encoding === 'gzip' ? gunzip : inflate, raw, maxBytes));
    budget.release(raw.length);
    if (!budget.tryTake(body.length)) return { kind: 'busy', held: 0 };
    return { kind: 'ok', body, held: body.length };
  } catch (err) {
    budget.release(raw.length);
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      return { kind: 'too_large', held: 0 };
    }
    return { kind: 'bad_encoding', message: `invalid ${encoding} data: ${(err as Error).message}`, held: 0 };
  }
}

type Inflater = (buf: InputType, options: ZlibOptions, callback: (err: Error | null, result: Buffer) => void) => void;

function inflateCapped(inflater: Inflater, raw: Buffer, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    inflater(raw, { maxOutputLength: maxBytes }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

type ReadOutcome = Buffer | 'too_large' | 'aborted' | 'busy';

function readCapped(req: IncomingMessage, maxBytes: number, budget: ByteBudget): Promise<ReadOutcome> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve('too_large');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const finish = (result: ReadOutcome): void => {
      if (settled) return;
      settled = true;
      if (typeof result === 'string') budget.release(total);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      if (total + chunk.length > maxBytes) {
        chunks.length = 0;
        finish('too_large');
        return;
      }
      if (!budget.tryTake(chunk.length)) {
        chunks.length = 0;
        finish('busy');
        return;
      }
      total += chunk.length;
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
