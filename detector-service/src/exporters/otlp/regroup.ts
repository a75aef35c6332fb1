import type { LogsData, ResourceLogs, ScopeLogs } from '@anomalog/collector-processor';
import type { ExportRecord } from '../export-record.js';

/**
 * Rebuilds an OTLP request from a batch: records keep the resource and scope they arrived with
 * (grouped by identity, so each resource and scope is written once), in their original order.
 */
export function regroup(batch: readonly ExportRecord[]): LogsData {
  const resources = new Map<ResourceLogs, Map<ScopeLogs, ScopeLogs>>();
  const out: LogsData = { resourceLogs: [] };
  const resourceCopies = new Map<ResourceLogs, ResourceLogs>();
  for (const { resourceLogs, scopeLogs, record } of batch) {
    let scopes = resources.get(resourceLogs);
    let resourceCopy = resourceCopies.get(resourceLogs);
    if (!scopes || !resourceCopy) {
      scopes = new Map();
      resources.set(resourceLogs, scopes);
      resourceCopy = { resource: resourceLogs.resource, schemaUrl: resourceLogs.schemaUrl, scopeLogs: [] };
      resourceCopies.set(resourceLogs, resourceCopy);
      out.resourceLogs.push(resourceCopy);
    }
    let scopeCopy = scopes.get(scopeLogs);
    if (!scopeCopy) {
      scopeCopy = { scope: scopeLogs.scope, schemaUrl: scopeLogs.schemaUrl, logRecords: [] };
      scopes.set(scopeLogs, scopeCopy);
      resourceCopy.scopeLogs.push(scopeCopy);
    }
    scopeCopy.logRecords.push(record);
  }
  return out;
}
