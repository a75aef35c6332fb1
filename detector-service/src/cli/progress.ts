/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal (so pipes and CI logs
 * stay clean). Redraws at most every 100 ms.
 */
export class ProgressBar {
  private readonly enabled: boolean;
  private lastDraw = 0;
  private lastWidth = 0;

  constructor(
    private readonly label: string,
    private total: number,
    stream: NodeJS.WriteStream = process.stderr,
    private readonly out: NodeJS.WriteStream = stream,
  ) {
    this.enabled = stream.isTTY === true;
  }

  setTotal(total: number): void {
    this.total = total;
  }

  update(done: number, note = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && done < this.total) return;
    this.lastDraw = now;
    const width = 28;
    const share = this.total > 0 ? Math.min(1, done / this.total) : 0;
    const filled = Math.round(share * width);
    const text = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${note}`;
    this.out.write(`\r${text.padEnd(this.lastWidth)}`);
    this.lastWidth = text.length;
  }

  /** Clears the bar's line. */
  done(): void {
    if (!this.enabled || this.lastWidth === 0) return;
    this.out.write(`\r${' '.repeat(this.lastWidth)}\r`);
    this.lastWidth = 0;
  }
}

/** A line of status on stderr when it is a terminal (for steps without a known total). */
export function status(text: string): void {
  if (process.stderr.isTTY === true) process.stderr.write(`${text}\n`);
}
