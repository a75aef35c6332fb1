/**
 * `anomalog bench [--json] [--only a,b] [--data DIR]`: performance figures. Each benchmark is a
 * section in its own module under src/bench/, run in turn; sections that report peak memory run
 * in a child process of their own. `--json` prints one object with a key per section.
 */
import { parseArgs } from 'node:util';
import type { MinerBenchResult } from '../../bench/miner.js';
import type { EngineBenchResult } from '../../bench/engine.js';
import type { DetectorsBenchResult } from '../../bench/detectors.js';
import { benchOtlpDecoder, benchOtlpTransport, describeOtlpDecoder, describeOtlpTransport } from '../../bench/otlp-bench-sections.js';
import { runIsolated } from '../../bench/run-isolated.js';
import { benchServicePipeline, describeServicePipeline } from '../../bench/service-pipeline.js';
import { defaultDataDir } from '../../eval/default-data-dir.js';

export const summary = 'measure throughput and memory (template miner, engine, OTLP end to end)';

interface BenchContext {
  dataDir: string;
  minLines: number;
}

interface BenchSection {
  name: string;
  run(context: BenchContext): Promise<unknown>;
  describe(result: unknown): string;
}

/** The sections, in the order they run. Add a benchmark by adding an entry. */
const SECTIONS: BenchSection[] = [
  {
    name: 'miner',
    run: (ctx) => runIsolated<MinerBenchResult>('./miner-main.js', [ctx.dataDir, String(ctx.minLines)]),
    describe: (r) => {
      const m = r as MinerBenchResult;
      return `miner: ${m.recordsPerSecond.toLocaleString('en')} lines/s (${m.recordsPerCpuSecond.toLocaleString('en')} per CPU second, load ${m.loadAverage}) over ${m.lines.toLocaleString('en')} lines (${m.distinctLines} distinct, ${m.datasets} services, ${m.templates} templates), peak RSS ${m.peakRssMb} MB`;
    },
  },
  {
    name: 'engine',
    run: () => runIsolated<EngineBenchResult>('./engine-main.js', ['1000000']),
    describe: (r) => {
      const e = r as EngineBenchResult;
      return `engine: ${e.recordsPerSecond.toLocaleString('en')} records/s (${e.recordsPerCpuSecond.toLocaleString('en')} per CPU second, load ${e.loadAverage}) over ${e.records.toLocaleString('en')} records, batch p50 ${e.batchLatencyMs.p50} ms p99 ${e.batchLatencyMs.p99} ms, peak RSS ${e.peakRssMb} MB; ${e.manyServices.services} services: ${e.manyServices.recordsPerSecond.toLocaleString('en')} records/s, peak RSS ${e.manyServices.peakRssMb} MB`;
    },
  },
  {
    name: 'detectors',
    run: () => runIsolated<DetectorsBenchResult>('./detectors-main.js', ['300000']),
    describe: (r) => {
      const d = r as DetectorsBenchResult;
      const each = Object.entries(d.detectorNsPerRecord)
        .map(([name, ns]) => `${name} ${ns}`)
        .join(', ');
      return `detectors (ns per record): ${each}; pipeline without detectors ${d.pipelineNsPerRecord}`;
    },
  },
  { name: 'servicePipeline', run: () => benchServicePipeline(), describe: describeServicePipeline },
  { name: 'otlpDecoder', run: () => benchOtlpDecoder(), describe: describeOtlpDecoder },
  { name: 'otlpGrpc', run: () => benchOtlpTransport('grpc'), describe: describeOtlpTransport },
  { name: 'otlpHttpProtobuf', run: () => benchOtlpTransport('http-protobuf'), describe: describeOtlpTransport },
  { name: 'otlpHttpJson', run: () => benchOtlpTransport('http-json'), describe: describeOtlpTransport },
];

const HELP = `usage: anomalog bench [--json] [--only SECTION[,SECTION]] [--data DIR] [--lines N]

  --json        print one JSON object with a key per section
  --only LIST   run only these sections (${SECTIONS.map((s) => s.name).join(', ')})
  --data DIR    log data in the loghub layout (default ../shared/data/loghub)
  --lines N     lines the miner mines at least (default 2000000)
`;

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
  const unknown = only?.filter((name) => !SECTIONS.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`anomalog bench: unknown section(s) ${unknown.join(', ')}\n${HELP}`);
    return 2;
  }
  const minLines = Number(values.lines);
  if (!Number.isInteger(minLines) || minLines <= 0) {
    process.stderr.write('anomalog bench: --lines must be a positive integer\n');
    return 2;
  }
  const context: BenchContext = { dataDir: values.data ?? defaultDataDir(), minLines };
  const results: Record<string, unknown> = {};
  let failed = 0;
  for (const section of SECTIONS) {
    if (only !== undefined && !only.includes(section.name)) continue;
    if (process.stderr.isTTY === true) process.stderr.write(`bench: ${section.name}...\n`);
    // A section that fails is reported as such; the others still run and print.
    try {
      results[section.name] = await section.run(context);
    } catch (err) {
      failed++;
      const message = err instanceof Error ? err.message : String(err);
      results[section.name] = { error: message };
      process.stderr.write(`anomalog bench: ${section.name} failed: ${message}\n`);
      continue;
    }
    if (!values.json) process.stdout.write(`${section.describe(results[section.name])}\n`);
  }
  if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  return failed > 0 ? 1 : 0;
}
