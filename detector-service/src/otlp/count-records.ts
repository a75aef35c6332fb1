import type { LogsData } from '@anomalog/collector-processor';

/** Log records in a request (a walk over its resources and scopes, not its records). */
export function countRecords(data: LogsData): number {
  let n = 0;
  const resourceLogs = data.resourceLogs;
  for (let i = 0; i < resourceLogs.length; i++) {
    const scopeLogs = resourceLogs[i].scopeLogs;
    for (let j = 0; j < scopeLogs.length; j++) n += scopeLogs[j].logRecords.length;
  }
  return n;
}
