import type { AnomalyRecord } from './anomalyRecords.js';
import { isAnomalous } from './timeline.js';

export interface RecentRow {
  key: string;
  timeMs: number;
  service: string;
  class: string;
  score: number;
  template: string;
  reasons: string;
}

/**
 * Rows of the recent-anomalies table: the newest anomalous records first (flagged by Anomalog
 * or scored at or above the panel's threshold), at most maxRows; the template falls back to
 * the line when a record has none.
 */
export function recentRows(records: readonly AnomalyRecord[], threshold: number, maxRows: number): RecentRow[] {
  const rows: RecentRow[] = [];
  const sorted = [...records].sort((a, b) => b.timeMs - a.timeMs);
  for (const r of sorted) {
    if (rows.length >= maxRows) {
      break;
    }
    if (!isAnomalous(r, threshold)) {
      continue;
    }
    rows.push({
      key: `${r.timeMs}:${r.service}:${r.templateId}:${rows.length}`,
      timeMs: r.timeMs,
      service: r.service,
      class: r.class,
      score: r.score,
      template: r.template || r.line,
      reasons: r.reasons.join(', '),
    });
  }
  return rows;
}
