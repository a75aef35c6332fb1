/**
 * The anomalog.* attributes a verdict puts on its record, set on the main thread's copy of a
 * request that was scored in the scoring thread (the engine enriched its own copy there). Same
 * rule as the engine's: replaced where a previous pass left them, appended otherwise, no other
 * attribute touched (enrich-record.test.ts checks the result equals the engine's own).
 */
import { ATTR, type AnyValue, type KeyValue, type LogsData, type RecordVerdict } from '@anomalog/collector-processor';

/** Whether the record already has an anomalog.* attribute (from an earlier pass or its sender). */
export function carriesVerdictAttributes(attrs: readonly KeyValue[]): boolean {
  for (let i = 0; i < attrs.length; i++) if (attrs[i].key.startsWith('anomalog.')) return true;
  return false;
}

function set(attrs: KeyValue[], key: string, value: AnyValue): void {
  for (let i = attrs.length - 1; i >= 0; i--) {
    if (attrs[i].key === key) {
      attrs[i].value = value;
      return;
    }
  }
  attrs.push({ key, value });
}

export function enrichRecordAttributes(attrs: KeyValue[], v: RecordVerdict): void {
  if (!carriesVerdictAttributes(attrs)) {
    attrs.push(
      { key: ATTR.score, value: v.score },
      { key: ATTR.isAnomaly, value: v.isAnomaly },
      { key: ATTR.class, value: v.class },
      { key: ATTR.classConfidence, value: v.classConfidence },
      { key: ATTR.template, value: v.template },
      { key: ATTR.templateId, value: v.templateId },
      { key: ATTR.reasons, value: v.reasons as AnyValue[] },
    );
    return;
  }
  set(attrs, ATTR.score, v.score);
  set(attrs, ATTR.isAnomaly, v.isAnomaly);
  set(attrs, ATTR.class, v.class);
  set(attrs, ATTR.classConfidence, v.classConfidence);
  set(attrs, ATTR.template, v.template);
  set(attrs, ATTR.templateId, v.templateId);
  set(attrs, ATTR.reasons, v.reasons as AnyValue[]);
}

/** Enriches every record of `data` from its verdict (verdicts in document order); a count that differs changes nothing. */
export function enrichFromVerdicts(data: LogsData, verdicts: readonly RecordVerdict[]): void {
  let n = 0;
  for (const resourceLogs of data.resourceLogs) for (const scopeLogs of resourceLogs.scopeLogs) n += scopeLogs.logRecords.length;
  if (n !== verdicts.length) throw new Error(`scoring returned ${verdicts.length} verdicts for ${n} records`);
  let i = 0;
  for (const resourceLogs of data.resourceLogs) {
    for (const scopeLogs of resourceLogs.scopeLogs) {
      for (const record of scopeLogs.logRecords) enrichRecordAttributes(record.attributes, verdicts[i++]);
    }
  }
}
