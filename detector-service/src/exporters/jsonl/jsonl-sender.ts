import type { Writable } from 'node:stream';
import type { JsonlExporterConfig } from '../../config/schema.js';
import { isRendered, type QueuedRecord, type Sender, type SendResult } from '../export-record.js';
import { JsonBytes } from './json-bytes.js';
import { writeRecordJson } from './record-json.js';
import { RotatingFile } from './rotating-file.js';

/**
 * Records encoded between turns of the event loop: a coalesced batch (up to 8 x batchSize) takes
 * tens of milliseconds to encode, which requests arriving meanwhile would wait out.
 */
const ENCODE_SLICE = 1000;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A writer whose buffer grew past this is not kept for the next batch (one huge batch is rare). */
const MAX_KEPT_BUFFER_BYTES = 32 * 1024 * 1024;

/** Writes batches as JSON lines to a size-rotated file, or to stdout when the path is '-'. */
export class JsonlSender implements Sender<QueuedRecord> {
  readonly coalesce = true;
  readonly writesVerdictAttributes = true;
  readonly takesRenderedRecords = true;
  private readonly file: RotatingFile | undefined;
  /** Writers not in use: a batch's bytes stay untouched until its write completes. */
  private readonly idleWriters: JsonBytes[] = [];

  constructor(
    config: JsonlExporterConfig,
    private readonly stdout: Writable = process.stdout,
  ) {
    this.file =
      config.path === '-' ? undefined : new RotatingFile(config.path, config.maxFileSizeMiB * 1024 * 1024, config.maxFiles);
    // A closed pipe (EPIPE) reaches each write's callback as a retryable failure; without a
    // listener the stream's 'error' event would end the process instead.
    if (!this.file && stdout.listenerCount('error') === 0) stdout.on('error', () => undefined);
  }

  async send(batch: QueuedRecord[]): Promise<SendResult> {
    // The whole batch is encoded into one reused buffer: no string per record or per value.
    const writer = this.idleWriters.pop() ?? new JsonBytes();
    writer.reset();
    for (let i = 0; i < batch.length; i++) {
      if (i > 0 && i % ENCODE_SLICE === 0) await nextTurn();
      const entry = batch[i];
      if (isRendered(entry)) entry.rendered.writeLine(writer, entry.index, entry.verdict);
      else writeRecordJson(writer, entry);
      writer.byte(0x0a);
    }
    const data = writer.bytes();
    try {
      if (this.file) await this.file.write(data);
      else await writeStream(this.stdout, data);
      return { kind: 'ok' };
    } catch (err) {
      // A full disk or a closed pipe may recover; the queue holds the batch and pushes back meanwhile.
      return { kind: 'retryable', reason: 'io_error', message: (err as Error).message };
    } finally {
      if (writer.buf.length <= MAX_KEPT_BUFFER_BYTES) this.idleWriters.push(writer);
    }
  }

  async close(): Promise<void> {
    await this.file?.close();
  }
}

/** Resolves once the stream has taken the text, so a slow reader slows the queue, not memory. */
function writeStream(stream: Writable, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(data, (err) => (err ? reject(err) : resolve()));
  });
}
