import { loadavg } from 'node:os';
import { FormatDetector, TemplateMiner } from '@anomalog/collector-processor';
import { ProgressBar } from '../cli/progress.js';
import { listDatasets, loadDataset } from '../eval/loghub-dataset.js';
import { peakRssMb } from './peak-rss.js';

export interface MinerBenchResult {
  /** Lines per wall-clock second. */
  recordsPerSecond: number;
  /** Lines per second of CPU time of this process (what one core does when not shared). */
  recordsPerCpuSecond: number;
  lines: number;
  distinctLines: number;
  datasets: number;
  seconds: number;
  templates: number;
  peakRssMb: number;
  /** 1-minute load average when the run ended: on a shared machine, wall-clock rates drop with it. */
  loadAverage: number;
}

/**
 * Template miner throughput on one core: every line of every dataset in DIR, headers split
 * beforehand (not timed), replayed in order until at least `minLines` lines were mined, one
 * service per dataset. Peak RSS is the process's high-water mark (run it in its own process).
 */
export async function runMinerBench(dataDir: string, minLines: number): Promise<MinerBenchResult> {
  const streams: { service: string; messages: string[] }[] = [];
  const names = await listDatasets(dataDir);
  for (const name of names) {
    const data = await loadDataset(dataDir, name);
    const detector = new FormatDetector();
    detector.prime(data.lines.slice(0, 32));
    streams.push({ service: name, messages: data.lines.map((l) => detector.parse(l).message) });
  }
  const distinct = streams.reduce((n, s) => n + s.messages.length, 0);
  if (distinct === 0) throw new Error(`no log lines under ${dataDir}`);
  const miner = new TemplateMiner();
  const bar = new ProgressBar('miner', minLines);
  let mined = 0;
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  while (mined < minLines) {
    for (const { service, messages } of streams) {
      for (let i = 0; i < messages.length; i++) miner.mine(service, messages[i]);
      mined += messages.length;
    }
    bar.update(mined);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  bar.done();
  let templates = 0;
  for (const n of miner.stats().templatesByService.values()) templates += n;
  return {
    recordsPerSecond: Math.round(mined / seconds),
    recordsPerCpuSecond: Math.round(mined / cpuSeconds),
    lines: mined,
    distinctLines: distinct,
    datasets: streams.length,
    seconds: Number(seconds.toFixed(3)),
    templates,
    peakRssMb: Number(peakRssMb().toFixed(1)),
    loadAverage: Number(loadavg()[0].toFixed(2)),
  };
}
