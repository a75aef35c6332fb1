import { createEngine, newLogRecord, type EngineConfig, type LogRecord, type LogsData, type Resource } from '@anomalog/collector-processor';

/** What the engine said about each input record, aligned with the input. */
export interface EngineRun {
  scores: Float64Array;
  flagged: boolean[];
  timesMs: Float64Array;
}

export interface EngineInput {
  resource: Resource;
  record: LogRecord;
}

const BATCH = 512;

/**
 * Runs records through a fresh engine in batches of consecutive records (one ResourceLogs per
 * record, so verdicts stay aligned with the input order) and collects the verdicts.
 */
export function runEngine(inputs: Iterable<EngineInput>, count: number, config: EngineConfig = {}): EngineRun {
  const engine = createEngine(config);
  const scores = new Float64Array(count);
  const timesMs = new Float64Array(count);
  const flagged: boolean[] = new Array<boolean>(count).fill(false);
  let batch: LogsData = { resourceLogs: [] };
  let at = 0;
  const flush = (): void => {
    for (const v of engine.process(batch)) {
      scores[at] = v.score;
      timesMs[at] = v.timeMs;
      flagged[at] = v.isAnomaly;
      at++;
    }
    batch = { resourceLogs: [] };
  };
  for (const input of inputs) {
    batch.resourceLogs.push({ resource: input.resource, scopeLogs: [{ scope: undefined, logRecords: [input.record], schemaUrl: '' }], schemaUrl: '' });
    if (batch.resourceLogs.length >= BATCH) flush();
  }
  flush();
  if (at !== count) throw new Error(`engine returned ${at} verdicts for ${count} records`);
  return { scores, flagged, timesMs };
}

export function rawLineRecord(line: string): LogRecord {
  return newLogRecord(line);
}

export function serviceResource(name: string): Resource {
  return { attributes: [{ key: 'service.name', value: name }], droppedAttributesCount: 0 };
}
