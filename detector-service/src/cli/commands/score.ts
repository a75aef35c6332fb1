/**
 * `anomalog score FILE... | -`: scores log files in batch with the whole engine. Each file is one
 * stream whose service is --service or the file's base name; the engine splits each line's header
 * (format detected per service, or named with --format). Prints a table, or JSONL with --json. A line that cannot be read (invalid
 * UTF-8, too long) is reported on stderr with file and line number and skipped.
 */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveFormat } from '@anomalog/collector-processor';
import { ProgressBar } from '../progress.js';
import { jsonLine, TABLE_HEADER, tableRow } from '../score/format-output.js';
import { LineScorer, type PendingLine } from '../score/line-scorer.js';
import { openInput, readLines } from '../score/read-lines.js';

export const summary = 'score log files (or stdin) in batch: templates, parameters, anomaly scores';

const HELP = `usage: anomalog score [options] FILE... (use - for stdin)

  --json             one JSON object per line (JSONL) instead of a table
  --service NAME     service name for every input (default: the file's base name; stdin: unknown_service)
  --format NAME      header format instead of detection: a built-in name or a loghub-style
                     spec such as '<Date> <Time> <Level> <Component>: <Content>'
  --max-line BYTES   longer lines are reported and skipped (default 1048576)
`;

const BATCH = 1000;

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        service: { type: 'string' },
        format: { type: 'string' },
        'max-line': { type: 'string', default: '1048576' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    process.stderr.write(`anomalog score: ${(err as Error).message}\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length === 0) {
    process.stderr.write(`anomalog score: no input files\n${HELP}`);
    return 2;
  }
  const maxLine = Number(values['max-line']);
  if (!Number.isInteger(maxLine) || maxLine <= 0) {
    process.stderr.write(`anomalog score: --max-line must be a positive integer\n`);
    return 2;
  }
  if (values.format !== undefined) {
    try {
      resolveFormat(values.format);
    } catch (err) {
      process.stderr.write(`anomalog score: ${(err as Error).message}\n`);
      return 2;
    }
  }

  const totalBytes = await sizeOf(positionals);
  const bar = new ProgressBar('scoring', totalBytes);
  let bytes = 0;
  const scorer = new LineScorer(values.format);
  const out = new Output();
  if (!values.json) await out.write(TABLE_HEADER);
  let problems = 0;

  for (const file of positionals) {
    const service = values.service ?? (file === '-' ? 'unknown_service' : basename(file, extname(file)) || 'unknown_service');
    let batch: PendingLine[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      for (const scored of scorer.score(batch)) await out.write(values.json ? jsonLine(scored) : tableRow(scored));
      batch = [];
    };
    try {
      for await (const input of readLines(openInput(file), maxLine, (n) => bar.update((bytes += n)))) {
        if (input.error !== undefined) {
          problems++;
          bar.done();
          process.stderr.write(`${file}:${input.lineNumber}: ${input.error}, skipped\n`);
          continue;
        }
        if (out.closed) break;
        batch.push({ file, lineNumber: input.lineNumber, line: input.text, service });
        if (batch.length >= BATCH) await flush();
      }
      await flush();
    } catch (err) {
      problems++;
      bar.done();
      process.stderr.write(`anomalog score: ${file}: ${(err as Error).message}\n`);
    }
  }
  bar.done();
  await out.end();
  return problems > 0 ? 1 : 0;
}

async function sizeOf(files: readonly string[]): Promise<number> {
  let total = 0;
  for (const f of files) {
    if (f === '-') continue;
    try {
      total += (await stat(f)).size;
    } catch {
      // Reported when the file is opened.
    }
  }
  return total;
}

/**
 * Buffered stdout that waits for 'drain' instead of growing without bound, and stops quietly when
 * the reader goes away (`anomalog score x.log | head`).
 */
class Output {
  private buffer: string[] = [];
  private size = 0;
  closed = false;

  private readonly onError = (err: NodeJS.ErrnoException): void => {
    if (err.code !== 'EPIPE') throw err;
    this.closed = true;
  };

  constructor() {
    process.stdout.on('error', this.onError);
  }

  async write(line: string): Promise<void> {
    if (this.closed) return;
    this.buffer.push(line);
    this.size += line.length;
    if (this.size >= 64 * 1024) await this.flush();
  }

  async end(): Promise<void> {
    await this.flush();
    process.stdout.off('error', this.onError);
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0 || this.closed) return;
    const text = this.buffer.join('\n') + '\n';
    this.buffer = [];
    this.size = 0;
    if (!process.stdout.write(text) && !this.closed) {
      await new Promise<void>((resolve) => {
        process.stdout.once('drain', resolve);
        process.stdout.once('error', () => resolve());
      });
    }
  }
}
