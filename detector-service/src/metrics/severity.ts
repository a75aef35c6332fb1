/** The `severity` label of anomalog_new_templates_total, from the OTLP severity number. */
const NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

/** Every value of the label. */
export const SEVERITY_NAMES = [...NAMES, 'UNSPECIFIED'] as const;

export function severityName(severityNumber: number): string {
  if (severityNumber >= 1 && severityNumber <= 24) return NAMES[Math.floor((severityNumber - 1) / 4)];
  return 'UNSPECIFIED';
}
