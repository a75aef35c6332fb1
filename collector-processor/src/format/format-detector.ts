import { builtinFormats, resolveFormat } from './builtin-formats.js';
import type { HeaderFormat, ParsedLine } from './header-format.js';

export interface DetectorOptions {
  /** Lines looked at before a format is chosen. */
  sampleLines?: number;
  /** Consecutive lines the chosen format fails on before the stream is detected again. */
  redetectAfter?: number;
  /** Candidate formats (default: every built-in). */
  formats?: readonly HeaderFormat[];
}

/**
 * Picks the format, among candidates, that parses the most of the given lines; on a tie the one
 * listed first (built-ins are listed most specific first). Undefined when none parses half.
 */
export function detectFormat(lines: readonly string[], formats: readonly HeaderFormat[] = builtinFormats()): HeaderFormat | undefined {
  let best: HeaderFormat | undefined;
  let bestHits = 0;
  for (const format of formats) {
    let hits = 0;
    for (const line of lines) if (format.parse(line) !== undefined) hits++;
    if (hits > bestHits) {
      best = format;
      bestHits = hits;
    }
  }
  return bestHits * 2 >= lines.length && bestHits > 0 ? best : undefined;
}

/**
 * Per-stream format detection. The first line chooses a format at once (or `prime()` with a
 * sample of the stream); every line is then parsed with the chosen format, and a line it does not
 * fit is passed through whole. After many misfits in a row the stream is detected again from
 * those lines. A stream in which no format fits (plain messages) is looked at again after
 * `sampleLines` lines, then after twice as many each time (up to 4096), so it costs next to
 * nothing. With an explicit format there is no detection at all.
 */
export class FormatDetector {
  private format: HeaderFormat | undefined;
  private readonly fixed: boolean;
  private readonly sampleLines: number;
  private readonly redetectAfter: number;
  private readonly formats: readonly HeaderFormat[];
  /** The latest lines no format fitted (at most sampleLines of them). */
  private readonly recent: string[] = [];
  private misses = 0;
  /** Lines to let pass before detecting again while no format fits. */
  private wait = 0;
  private backoff: number;
  /** Lines parsed, lines the format did not fit, times the format was (re)chosen. */
  readonly counts = { lines: 0, unparsed: 0, detections: 0 };

  constructor(format?: string | HeaderFormat, options: DetectorOptions = {}) {
    this.fixed = format !== undefined;
    this.format = typeof format === 'string' ? resolveFormat(format) : format;
    this.sampleLines = options.sampleLines ?? 32;
    this.redetectAfter = options.redetectAfter ?? 16;
    this.formats = options.formats ?? builtinFormats();
    this.backoff = this.sampleLines;
  }

  /** The chosen format's name, or undefined while still undecided or when nothing fits. */
  get formatName(): string | undefined {
    return this.format?.name;
  }

  /** Chooses a format from a sample of the stream (e.g. the first lines of a file). */
  prime(sample: readonly string[]): void {
    if (this.fixed) return;
    this.format = detectFormat(sample.slice(0, this.sampleLines), this.formats);
    this.counts.detections++;
    this.afterDetection();
  }

  /** Splits one line; when no format fits, the whole line is the message. */
  parse(line: string): ParsedLine {
    this.counts.lines++;
    if (this.format === undefined && !this.fixed) {
      this.remember(line);
      if (this.counts.detections === 0 || --this.wait <= 0) this.redetect();
    }
    const parsed = this.format?.parse(line);
    if (parsed !== undefined) {
      this.misses = 0;
      this.recent.length = 0;
      return parsed;
    }
    this.counts.unparsed++;
    if (!this.fixed && this.format !== undefined) {
      this.remember(line);
      if (++this.misses >= this.redetectAfter) this.redetect();
    }
    return { message: line, fields: {} };
  }

  private remember(line: string): void {
    if (this.recent.length >= this.sampleLines) this.recent.shift();
    this.recent.push(line);
  }

  private redetect(): void {
    this.format = detectFormat(this.recent, this.formats);
    this.counts.detections++;
    this.recent.length = 0;
    this.misses = 0;
    this.afterDetection();
  }

  private afterDetection(): void {
    if (this.format !== undefined) {
      this.backoff = this.sampleLines;
      return;
    }
    this.wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, 4096);
  }
}

/** Splits one line with a named format (or loghub-style spec); undefined when it does not fit. */
export function parseHeader(line: string, format: string | HeaderFormat): ParsedLine | undefined {
  return (typeof format === 'string' ? resolveFormat(format) : format).parse(line);
}
