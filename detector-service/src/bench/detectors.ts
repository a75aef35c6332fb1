import { DETECTORS, type DetectorName, type DetectorSwitches } from '@anomalog/collector-processor';
import { ProgressBar } from '../cli/progress.js';
import { EngineWorkload } from './engine-workload.js';
import { timeEngine } from './engine.js';

export interface DetectorsBenchResult {
  /** Whole engine with every detector, records per CPU second (best of the rounds). */
  recordsPerSecond: number;
  /** Records through each configuration per round. */
  records: number;
  rounds: number;
  /** Engine with no detector at all (normalise, mine, classify, enrich), ns per record. */
  pipelineNsPerRecord: number;
  /** What each detector adds, ns per record: the engine with it alone minus the engine with none. */
  detectorNsPerRecord: Record<DetectorName, number>;
  /** Every detector together minus none (less than the sum: they share the per-service and per-template state lookups). */
  allDetectorsNsPerRecord: number;
}

const NONE: DetectorSwitches = { rarity: false, volume: false, severity: false, params: false, sequence: false, forest: false, trace: false };

/** `global.gc` when the process runs with --expose-gc (detectors-main asks for it). */
const collectGarbage = (globalThis as { gc?: () => void }).gc;

/**
 * The cost of each detector, so a regression in one is visible: the same workload through an
 * engine with no detectors, with each detector alone (the forest alone scores the other
 * detectors' zeros, which costs the same as scoring real features) and with all of them. Each
 * run gets a fresh engine and starts after a full collection, so no run pays for the garbage of
 * the one before; the configurations take turns over `rounds` rounds and each figure is the
 * fastest of its runs (noise only ever adds time: GC helper threads, other processes), so a
 * burst of load moves one sample, not a whole configuration. Two runs of the whole bench on a
 * quiet machine agree within about 200 ns per detector. Times are CPU time.
 */
export function runDetectorsBench(minRecords: number, rounds = 5, distinctRecords = 100_000): DetectorsBenchResult {
  const workload = new EngineWorkload(distinctRecords);
  const passes = Math.max(1, Math.ceil(minRecords / workload.records));
  const records = passes * workload.records;
  const configs: Array<{ key: DetectorName | 'none' | 'all'; switches: DetectorSwitches | undefined }> = [
    { key: 'none', switches: NONE },
    { key: 'all', switches: undefined },
    ...DETECTORS.map((name) => ({ key: name, switches: { ...NONE, [name]: true } })),
  ];
  const samples = new Map<string, number[]>(configs.map((c) => [c.key, []]));
  const bar = new ProgressBar('detectors', rounds * configs.length);
  // One unmeasured run first, so every measured one finds the engine's code already optimised.
  timeEngine(workload, 1, {}, '', false);
  let runs = 0;
  for (let round = 0; round < rounds; round++) {
    for (const { key, switches } of configs) {
      collectGarbage?.();
      const t = timeEngine(workload, passes, switches === undefined ? {} : { enabledDetectors: switches }, '', false);
      samples.get(key)?.push((t.cpuSeconds * 1e9) / records);
      bar.update(++runs);
    }
  }
  bar.done();
  const ns = (key: string): number => Math.min(...(samples.get(key) ?? [0]));
  const none = ns('none');
  const each = {} as Record<DetectorName, number>;
  for (const name of DETECTORS) each[name] = Math.round(ns(name) - none);
  return {
    recordsPerSecond: Math.round(1e9 / ns('all')),
    records,
    rounds,
    pipelineNsPerRecord: Math.round(none),
    detectorNsPerRecord: each,
    allDetectorsNsPerRecord: Math.round(ns('all') - none),
  };
}
