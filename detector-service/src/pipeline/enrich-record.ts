/**
 * The anomalog.* attributes a verdict puts on its record, set on the main thread's copy of a
 * request that was scored in the scoring thread, by the engine's own rule (enrichAttributes):
 * replaced where a previous pass left them, appended otherwise, no other attribute touched
 * (enrich-record.test.ts checks the result equals the engine's own).
 */
import { enrichAttributes, type KeyValue, type LogsData, type RecordVerdict } from '@anomalog/collector-processor';
import { countRecords } from '../otlp/count-records.js';

export function enrichRecordAttributes(attrs: KeyValue[], v: RecordVerdict): void {
  enrichAttributes(attrs, v.score, v.isAnomaly, v.class, v.classConfidence, v.template, v.templateId, v.reasons);
}

/** Enriches every record of `data` from its verdict (verdicts in document order); a count that differs changes nothing. */
export function enrichFromVerdicts(data: LogsData, verdicts: readonly RecordVerdict[]): void {
  const n = countRecords(data);
  if (n !== verdicts.length) throw new Error(`scoring returned ${verdicts.length} verdicts for ${n} records`);
  let i = 0;
  for (const resourceLogs of data.resourceLogs) {
    for (const scopeLogs of resourceLogs.scopeLogs) {
      for (const record of scopeLogs.logRecords) enrichRecordAttributes(record.attributes, verdicts[i++]);
    }
  }
}
