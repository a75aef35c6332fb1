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
    let text = '';
    for (const entry of batch) text += recordToJsonLine(entry) + '\n';
    try {
      if (this.file) await this.file.write(text);
      else await writeStream(this.stdout, text);
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
function writeStream(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (err) => (err ? reject(err) : resolve()));
  });
}
