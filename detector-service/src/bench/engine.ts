import { loadavg } from 'node:os';
import { createEngine, type EngineConfig } from '@anomalog/collector-processor';
import { ProgressBar } from '../cli/progress.js';
import { EngineWorkload } from './engine-workload.js';
import { peakRssMb } from './peak-rss.js';

export interface EngineBenchResult {
  /** Records per wall-clock second through the whole engine (normalise ... enrich). */
  recordsPerSecond: number;
  /** Records per second of CPU time of this process (one core when not shared). */
  recordsPerCpuSecond: number;
  records: number;
  /** Per-batch (1,000 records) processing latency percentiles, ms. */
  batchLatencyMs: { p50: number; p99: number };
  anomalies: number;
  peakRssMb: number;
  loadAverage: number;
  /** The same engine fed the same traffic spread over 1,000 services. */
  manyServices: { services: number; records: number; recordsPerSecond: number; peakRssMb: number; capEvents: Record<string, number> };
}

interface Timing {
  seconds: number;
  cpuSeconds: number;
  batchMs: number[];
  anomalies: number;
}

/** Runs the workload `passes` times through one engine and times only `engine.process`. */
export function timeEngine(
  workload: EngineWorkload,
  passes: number,
  config: EngineConfig = {},
  label = 'engine',
  showProgress = true,
): Timing & { engine: ReturnType<typeof createEngine> } {
  const engine = createEngine(config);
  const bar = showProgress ? new ProgressBar(label, passes * workload.records) : null;
  const batchMs: number[] = [];
  let seconds = 0;
  let cpuMicros = 0;
  let anomalies = 0;
  for (let pass = 0; pass < passes; pass++) {
    workload.rewind(pass);
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    for (const batch of workload.batches) {
      const t0 = process.hrtime.bigint();
      const verdicts = engine.process(batch);
      batchMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      for (let i = 0; i < verdicts.length; i++) if (verdicts[i].isAnomaly) anomalies++;
    }
    seconds += Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    cpuMicros += used.user + used.system;
    bar?.update((pass + 1) * workload.records);
  }
  bar?.done();
  return { engine, seconds, cpuSeconds: cpuMicros / 1e6, batchMs, anomalies };
}

function percentile(sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * Whole-engine throughput on one core over generated microservice traffic (1,000-record
 * batches, replayed until at least `minRecords`), then the same traffic over 1,000 services
 * to show memory stays bounded by the caps. Run it in its own process for a clean peak RSS.
 */
export function runEngineBench(minRecords: number, distinctRecords = 50_000): EngineBenchResult {
  const workload = new EngineWorkload(distinctRecords);
  const passes = Math.max(1, Math.ceil(minRecords / workload.records));
  const t = timeEngine(workload, passes);
  const records = passes * workload.records;
  const sorted = [...t.batchMs].sort((a, b) => a - b);
  const rss = peakRssMb();

  workload.spreadOverServices(1000);
  const many = timeEngine(workload, passes, {}, 'engine, 1,000 services');
  return {
    recordsPerSecond: Math.round(records / t.seconds),
    recordsPerCpuSecond: Math.round(records / t.cpuSeconds),
    records,
    batchLatencyMs: { p50: Number(percentile(sorted, 0.5).toFixed(2)), p99: Number(percentile(sorted, 0.99).toFixed(2)) },
    anomalies: t.anomalies,
    peakRssMb: Number(rss.toFixed(1)),
    loadAverage: Number(loadavg()[0].toFixed(2)),
    manyServices: {
      services: many.engine.stats().services,
      records,
      recordsPerSecond: Math.round(records / many.seconds),
      peakRssMb: Number(peakRssMb().toFixed(1)),
      capEvents: Object.fromEntries(many.engine.stats().capEvents),
    },
  };
}
