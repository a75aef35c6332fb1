import type { Writable } from 'node:stream';
import type { JsonlExporterConfig } from '../../config/schema.js';
import type { ExportRecord, Sender, SendResult } from '../export-record.js';
import { recordToJsonLine } from './record-json.js';
import { RotatingFile } from './rotating-file.js';

/** Writes batches as JSON lines to a size-rotated file, or to stdout when the path is '-'. */
export class JsonlSender implements Sender {
  readonly coalesce = true;
  private readonly file: RotatingFile | undefined;

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

  async send(batch: ExportRecord[]): Promise<SendResult> {
    const lines = new Array<string>(batch.length + 1);
    for (let i = 0; i < batch.length; i++) lines[i] = recordToJsonLine(batch[i]);
    lines[batch.length] = '';
    // One flat string, encoded once.
    const data = Buffer.from(lines.join('\n'));
    try {
      if (this.file) await this.file.write(data);
      else await writeStream(this.stdout, data);
      return { kind: 'ok' };
    } catch (err) {
      // A full disk or a closed pipe may recover; the queue holds the batch and pushes back meanwhile.
      return { kind: 'retryable', reason: 'io_error', message: (err as Error).message };
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
