/**
 * Writes text to a stream with backpressure. A reader that goes away (`generate | head`) closes
 * the output quietly, as Unix tools do; any other write error is thrown to the caller.
 */
export class TextWriter {
  private failure: Error | undefined;
  /** The reader has gone: stop producing. */
  closed = false;

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') this.closed = true;
      else this.failure = err;
    });
  }

  async write(chunk: string): Promise<void> {
    this.throwIfFailed();
    if (this.closed) return;
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.stream.removeListener('drain', done);
          this.stream.removeListener('close', done);
          this.stream.removeListener('error', done);
          resolve();
        };
        this.stream.on('drain', done);
        this.stream.on('close', done);
        this.stream.on('error', done);
      });
    }
    this.throwIfFailed();
  }

  /** Ends a file stream (stdout stays open for the process). */
  async end(): Promise<void> {
    this.throwIfFailed();
    if (this.stream === process.stdout || this.closed) return;
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
