/**
 * `anomalog bench [--json] [--only a,b] [--data DIR]`: performance figures. Each benchmark is a
 * section in its own module under src/bench/, run in turn; sections that report peak memory run
 * in a child process of their own. `--json` prints one object with a key per section (and
 * `machine`: the conditions of the run). A whole run also writes that object to
 * bench/results.json at the repository root (or --out FILE).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { MinerBenchResult } from '../../bench/miner.js';
import type { EngineBenchResult } from '../../bench/engine.js';
import type { DetectorsBenchResult } from '../../bench/detectors.js';
import { benchOtlpDecoder, benchOtlpLoki, benchOtlpTransport, describeOtlpDecoder, describeOtlpLoki, describeOtlpTransport } from '../../bench/otlp-bench-sections.js';
import { runIsolated } from '../../bench/run-isolated.js';
import { benchServicePipeline, describeServicePipeline } from '../../bench/service-pipeline.js';
import { defaultDataDir } from '../../eval/default-data-dir.js';
import { runSections, unknownSections, type Section } from '../sections.js';

export const summary = 'measure throughput and memory (template miner, engine, OTLP end to end)';

interface BenchContext {
  dataDir: string;
  minLines: number;
  /** Length of each measured OTLP run (full load, then half load). */
  otlpSeconds: number;
}

/** Where a whole run's results are kept (tracked in git): <repo>/bench/results.json. */
const DEFAULT_RESULTS_FILE = fileURLToPath(new URL('../../../../bench/results.json', import.meta.url));


/** The sections, in the order they run. Add a benchmark by adding an entry. */
const SECTIONS: Section<BenchContext>[] = [
  {
    name: 'miner',
    run: (ctx) => runIsolated<MinerBenchResult>('./miner-main.js', [ctx.dataDir, String(ctx.minLines)]),
    render: (r) => {
      const m = r as MinerBenchResult;
      return `miner: ${m.recordsPerSecond.toLocaleString('en')} lines/s (${m.recordsPerCpuSecond.toLocaleString('en')} per CPU second, load ${m.loadAverage}) over ${m.lines.toLocaleString('en')} lines (${m.distinctLines} distinct, ${m.datasets} services, ${m.templates} templates), peak RSS ${m.peakRssMb} MB`;
    },
  },
  {
    name: 'engine',
    run: () => runIsolated<EngineBenchResult>('./engine-main.js', ['1000000']),
    render: (r) => {
      const e = r as EngineBenchResult;
      return `engine: ${e.recordsPerSecond.toLocaleString('en')} records/s (${e.recordsPerCpuSecond.toLocaleString('en')} per CPU second, load ${e.loadAverage}) over ${e.records.toLocaleString('en')} records, batch p50 ${e.batchLatencyMs.p50} ms p99 ${e.batchLatencyMs.p99} ms, peak RSS ${e.peakRssMb} MB; ${e.manyServices.services} services: ${e.manyServices.recordsPerSecond.toLocaleString('en')} records/s, peak RSS ${e.manyServices.peakRssMb} MB`;
    },
  },
  {
    name: 'detectors',
    // --expose-gc: each measured run starts after a full collection of the one before.
    run: () => runIsolated<DetectorsBenchResult>('./detectors-main.js', ['100000'], ['--expose-gc']),
    render: (r) => {
      const d = r as DetectorsBenchResult;
      const each = Object.entries(d.detectorNsPerRecord)
        .map(([name, ns]) => `${name} ${ns}`)
        .join(', ');
      return `detectors (ns per record, median of ${d.rounds} rounds): ${each}; all together ${d.allDetectorsNsPerRecord}; pipeline without detectors ${d.pipelineNsPerRecord}`;
    },
  },
  { name: 'servicePipeline', run: () => benchServicePipeline(), render: describeServicePipeline },
  { name: 'otlpDecoder', run: () => benchOtlpDecoder(), render: describeOtlpDecoder },
  { name: 'otlpGrpc', run: (ctx) => benchOtlpTransport('grpc', ctx.otlpSeconds * 1000), render: describeOtlpTransport },
  { name: 'otlpHttpProtobuf', run: (ctx) => benchOtlpTransport('http-protobuf', ctx.otlpSeconds * 1000), render: describeOtlpTransport },
  { name: 'otlpHttpJson', run: (ctx) => benchOtlpTransport('http-json', ctx.otlpSeconds * 1000), render: describeOtlpTransport },
  { name: 'otlpGrpcLoki', run: (ctx) => benchOtlpLoki(ctx.otlpSeconds * 1000), render: describeOtlpLoki },
];

const HELP = `usage: anomalog bench [--json] [--only SECTION[,SECTION]] [--data DIR] [--lines N]

  --json        print one JSON object with a key per section
  --only LIST   run only these sections (${SECTIONS.map((s) => s.name).join(', ')})
  --data DIR    log data in the loghub layout (default ../shared/data/loghub)
  --lines N     lines the miner mines at least (default 2000000)
  --otlp-seconds N   length of each measured OTLP run, full then half load (default 10)
  --out FILE    also write the JSON object here (default: bench/results.json at the
                repository root, written only by a whole run, i.e. without --only)
`;

function loadAverage(): number[] {
  return loadavg().map((l) => Math.round(l * 100) / 100);
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        only: { type: 'string' },
        data: { type: 'string' },
        lines: { type: 'string', default: '2000000' },
        'otlp-seconds': { type: 'string', default: '10' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    process.stderr.write(`anomalog bench: ${(err as Error).message}\n${HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = unknownSections(SECTIONS, only);
  if (unknown.length > 0) {
    process.stderr.write(`anomalog bench: unknown section(s) ${unknown.join(', ')}\n${HELP}`);
    return 2;
  }
  const minLines = Number(values.lines);
  if (!Number.isInteger(minLines) || minLines <= 0) {
    process.stderr.write('anomalog bench: --lines must be a positive integer\n');
    return 2;
  }
  const otlpSeconds = Number(values['otlp-seconds']);
  if (!Number.isFinite(otlpSeconds) || otlpSeconds <= 0) {
    process.stderr.write('anomalog bench: --otlp-seconds must be a positive number\n');
    return 2;
  }
  // `anomalog bench --json | head` must not die of EPIPE mid-run; the results file is still written.
  process.stdout.on('error', () => undefined);
  const context: BenchContext = { dataDir: values.data ?? defaultDataDir(), minLines, otlpSeconds };
  const started = Date.now();
  // Other processes share the CPU: the load average is part of what the figures mean.
  const machine = {
    date: new Date(started).toISOString(),
    commit: git(['rev-parse', '--short', 'HEAD']),
    // Tracked files changed but not committed when the run started (others work in the same tree).
    uncommittedFiles: git(['status', '--porcelain', '--untracked-files=no'])?.split('\n').filter(Boolean).length ?? null,
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    loadAverageAtStart: loadAverage(),
    loadAverageAtEnd: [] as number[],
    durationSeconds: 0,
    options: { lines: minLines, otlpSeconds, only: only ?? null },
  };
  const { results, failed } = await runSections('bench', SECTIONS, only, context, { machine }, (section, result) => {
    if (!values.json) process.stdout.write(`${section.render(result)}\n`);
  });
  machine.loadAverageAtEnd = loadAverage();
  machine.durationSeconds = Math.round((Date.now() - started) / 1000);
  const json = `${JSON.stringify(results, null, 2)}\n`;
  if (values.json) process.stdout.write(json);
  const out = values.out ?? (only === undefined ? DEFAULT_RESULTS_FILE : undefined);
  if (out !== undefined) {
    try {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, json);
      if (process.stderr.isTTY === true) process.stderr.write(`bench: results written to ${out}\n`);
    } catch (err) {
      process.stderr.write(`anomalog bench: could not write ${out}: ${(err as Error).message}\n`);
      return 1;
    }
  }
  return failed > 0 ? 1 : 0;
}
