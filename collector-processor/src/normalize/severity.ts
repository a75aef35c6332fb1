/**
 * OTLP severity numbers (1..24, four per level) and the usual level words of raw logs, so that a
 * record with only a text level (or only a raw-line header) still gets a number.
 */
const LEVEL_NUMBERS: Record<string, number> = {
  trace: 1,
  finest: 1,
  finer: 2,
  debug: 5,
  fine: 5,
  d: 5,
  v: 1,
  info: 9,
  information: 9,
  informational: 9,
  notice: 10,
  i: 9,
  warn: 13,
  warning: 13,
  w: 13,
  error: 17,
  err: 17,
  severe: 17,
  e: 17,
  failure: 18,
  crit: 18,
  critical: 18,
  alert: 19,
  fatal: 21,
  emerg: 21,
  emergency: 21,
  panic: 21,
  f: 21,
};

/** Severity number for a level word (case-insensitive), 0 when unknown. */
export function severityNumberFromText(text: string): number {
  if (text === '') return 0;
  return LEVEL_NUMBERS[text.toLowerCase()] ?? 0;
}

const NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

/** Short level name of a severity number (TRACE..FATAL), 'UNSPECIFIED' for 0 or out of range. */
export function severityName(severityNumber: number): string {
  if (severityNumber < 1 || severityNumber > 24) return 'UNSPECIFIED';
  return NAMES[Math.floor((severityNumber - 1) / 4)];
}
