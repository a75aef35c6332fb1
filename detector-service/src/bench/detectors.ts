import { DETECTORS, type DetectorName, type DetectorSwitches } from '@anomalog/collector-processor';
import { ProgressBar } from '../cli/progress.js';
import { median } from '../eval/detection-metrics.js';
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
  /** What each detector adds, ns per record: the engine with it alone minus the engine with none (median over rounds of the difference within a round). */
  detectorNsPerRecord: Record<DetectorName, number>;
  /** Every detector together minus none, as above (less than the sum: they share the per-service and per-template state lookups). */
  allDetectorsNsPerRecord: number;
}

const NONE: DetectorSwitches = { rarity: false, volume: false, severity: false, params: false, sequence: false, forest: false, trace: false };

/** `global.gc` when the process runs with --expose-gc (detectors-main asks for it). */
const collectGarbage = (globalThis as { gc?: () => void }).gc;

/**
 * The cost of each detector, so a regression in one is visible: the same workload through an
 * engine with no detectors, with each detector alone and with all of them. The forest alone sees
 * the other detectors' zeros, so it runs its trees only for warnings and worse, where with the
 * others on it also runs them for every record with some evidence: alone it reads low. Each run
 * gets a fresh engine and starts after a full collection, so no run pays for the garbage of the
 * one before; the configurations take turns over `rounds` rounds, and a detector's figure is the
 * median of its differences with the run without detectors of the same round. Times are CPU time.
 * With 5 rounds, three runs of this section put one detector at -405 to 44 ns (rarity) and
 * another at -682 to -144 (severity); with 11 rounds (about a minute), two runs agreed within
 * 390 ns on every detector and none read negative.
 */
export function runDetectorsBench(minRecords: number, rounds = 11, distinctRecords = 100_000): DetectorsBenchResult {
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
  const fastest = (key: string): number => Math.min(...(samples.get(key) ?? [0]));
  // A detector's cost is the median over rounds of its run minus the run without detectors in the
  // same round: the machine's speed drifts between rounds, and a difference within one round
  // cancels most of that drift, where the difference of two minimums taken from different rounds
  // did not (single detectors then moved by over 1,000 ns from one bench run to the next).
  const none = samples.get('none') ?? [];
  const cost = (key: string): number => Math.round(median((samples.get(key) ?? []).map((t, round) => t - none[round])) ?? 0);
  const each = {} as Record<DetectorName, number>;
  for (const name of DETECTORS) each[name] = cost(name);
  return {
    recordsPerSecond: Math.round(1e9 / fastest('all')),
    records,
    rounds,
    pipelineNsPerRecord: Math.round(fastest('none')),
    detectorNsPerRecord: each,
    allDetectorsNsPerRecord: cost('all'),
  };
}
