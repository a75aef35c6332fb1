import { DETECTORS, type DetectorName, type DetectorSwitches } from '@anomalog/collector-processor';
import { EngineWorkload } from './engine-workload.js';
import { timeEngine } from './engine.js';

export interface DetectorsBenchResult {
  /** Whole engine with every detector, records per CPU second. */
  recordsPerSecond: number;
  records: number;
  /** Engine with no detector at all (normalise, mine, classify, enrich), ns per record. */
  pipelineNsPerRecord: number;
  /** What each detector adds, ns per record: the engine with it alone minus the engine with none. */
  detectorNsPerRecord: Record<DetectorName, number>;
}

const NONE: DetectorSwitches = { rarity: false, volume: false, severity: false, params: false, sequence: false, forest: false };

/**
 * The cost of each detector, so a regression in one is visible: the same workload through an
 * engine with no detectors and with each detector alone (the forest alone scores the other
 * detectors' zeros, which costs the same as scoring real features). Times are CPU time.
 */
export function runDetectorsBench(minRecords: number, distinctRecords = 100_000): DetectorsBenchResult {
  const workload = new EngineWorkload(distinctRecords);
  const passes = Math.max(1, Math.ceil(minRecords / workload.records));
  const records = passes * workload.records;
  const nsPerRecord = (switches: DetectorSwitches | undefined, label: string): number => {
    const t = timeEngine(workload, passes, switches === undefined ? {} : { enabledDetectors: switches }, label);
    return (t.cpuSeconds * 1e9) / records;
  };
  const all = nsPerRecord(undefined, 'detectors: all');
  const none = nsPerRecord(NONE, 'detectors: none');
  const each = {} as Record<DetectorName, number>;
  for (const name of DETECTORS) each[name] = Math.max(0, Math.round(nsPerRecord({ ...NONE, [name]: true }, `detectors: ${name}`) - none));
  return { recordsPerSecond: Math.round(1e9 / all), records, pipelineNsPerRecord: Math.round(none), detectorNsPerRecord: each };
}
