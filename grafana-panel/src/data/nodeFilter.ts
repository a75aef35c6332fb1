import type { AnomalyRecord } from './anomalyRecords.js';
import type { NodeKind } from './nodeKind.js';
import type { Series } from './series.js';

/** The graph node the user clicked; the other views narrow to it. */
export interface NodeFilter {
  id: string;
  kind: NodeKind;
}

/** Label names that carry the service on metric series. */
const SERVICE_LABELS = ['service', 'service_name'] as const;

function serviceLabel(labels: Readonly<Record<string, string>>): string | undefined {
  for (const name of SERVICE_LABELS) {
    const value = labels[name];
    if (value !== undefined) {
      return value;
    }
  }
  return undefined;
}

export interface FilteredSeries {
  series: Series[];
  /** False when the filter could not be applied (series carry no service label, or the node is not a service). */
  applied: boolean;
}

/**
 * Series narrowed to a service node. Metric series only know services, so a client IP or user
 * node, or series summed without a `service` label, leave the series as they are (applied false).
 */
export function filterSeries(series: Series[], filter: NodeFilter | null): FilteredSeries {
  if (!filter) {
    return { series, applied: true };
  }
  if (filter.kind !== 'service' && filter.kind !== 'other') {
    return { series, applied: false };
  }
  if (!series.some((s) => serviceLabel(s.labels) !== undefined)) {
    return { series, applied: false };
  }
  return { series: series.filter((s) => serviceLabel(s.labels) === filter.id), applied: true };
}

/**
 * Records narrowed to a node: a service by its service name; a client IP or user by any label
 * of the record holding that value (client.address, user.id... whatever the app logged).
 */
export function filterRecords(records: AnomalyRecord[], filter: NodeFilter | null): AnomalyRecord[] {
  if (!filter) {
    return records;
  }
  if (filter.kind === 'service' || filter.kind === 'other') {
    return records.filter((r) => r.service === filter.id);
  }
  const wanted = filter.kind === 'user' ? filter.id.slice('user:'.length) : filter.id;
  return records.filter((r) => Object.values(r.labels).some((v) => v === wanted || v === filter.id));
}
