/**
 * Severity buckets the classifier reasons with. OTLP numbers: 1-4 TRACE, 5-8 DEBUG, 9-12 INFO,
 * 13-16 WARN, 17-20 ERROR, 21-24 FATAL; 0 is unspecified, in which case the severity text is read.
 */
export enum SeverityBucket {
  Unspecified = 0,
  Debug = 1,
  Info = 2,
  Warn = 3,
  Error = 4,
  Fatal = 5,
}
export const SEVERITY_BUCKETS = 6;

/** Level names (lower case) as logging libraries and syslog write them, to a representative OTLP number. */
const LEVEL_NUMBERS: Record<string, number> = {
  trace: 1, finest: 1, finer: 2, verbose: 3, v: 3,
  debug: 5, fine: 5, d: 5,
  info: 9, information: 9, informational: 9, notice: 10, i: 9, combo: 0,
  warn: 13, warning: 13, w: 13,
  error: 17, err: 17, severe: 17, failure: 17, e: 17,
  fatal: 21, critical: 21, crit: 21, alert: 22, emerg: 23, emergency: 23, panic: 23, f: 21, a: 22,
};

/** The OTLP severity number for a level name, or undefined when the name is unknown. */
export function severityNumberOf(level: string): number | undefined {
  return LEVEL_NUMBERS[level.toLowerCase()];
}

export function bucketOfNumber(n: number): SeverityBucket {
  if (n <= 0) return SeverityBucket.Unspecified;
  if (n <= 8) return SeverityBucket.Debug;
  if (n <= 12) return SeverityBucket.Info;
  if (n <= 16) return SeverityBucket.Warn;
  if (n <= 20) return SeverityBucket.Error;
  return SeverityBucket.Fatal;
}

/** Buckets of severity texts already seen as written (no lower-casing per record); capped. */
const TEXT_BUCKETS = new Map<string, SeverityBucket>();
const MAX_TEXT_BUCKETS = 256;
/** Lookups of texts the full memo could not take (computed each time instead). */
let textBucketOverflow = 0;

export function severityTextMemoOverflow(): number {
  return textBucketOverflow;
}

/** The bucket of a record: its severity number, else its severity text, else unspecified. */
export function severityBucket(severityNumber: number, severityText: string | undefined): SeverityBucket {
  if (severityNumber > 0) return bucketOfNumber(severityNumber);
  if (!severityText) return SeverityBucket.Unspecified;
  let bucket = TEXT_BUCKETS.get(severityText);
  if (bucket === undefined) {
    const n = LEVEL_NUMBERS[severityText.toLowerCase()];
    bucket = n === undefined ? SeverityBucket.Unspecified : bucketOfNumber(n);
    if (TEXT_BUCKETS.size < MAX_TEXT_BUCKETS) TEXT_BUCKETS.set(severityText, bucket);
    else textBucketOverflow++;
  }
  return bucket;
}

/** A rule's severity bound (number or level name) as an OTLP number; throws on an unknown name. */
export function parseSeverityBound(value: number | string, ruleId: string, field: string): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || value > 24) {
      throw new Error(`classifier rule '${ruleId}': ${field} must be an OTLP severity number 0..24, got ${value}`);
    }
    return value;
  }
  const n = severityNumberOf(value);
  if (n === undefined) {
    throw new Error(`classifier rule '${ruleId}': ${field} '${value}' is not a known level name (trace, debug, info, warn, error, fatal)`);
  }
  return n;
}
