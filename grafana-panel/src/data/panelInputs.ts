import type { DataFrame } from '@grafana/data';
import { type AnomalyRecord, toAnomalyRecords } from './anomalyRecords.js';
import { readLogRows } from './logRows.js';
import { recogniseFrame } from './recognise.js';
import { type Series, seriesOf } from './series.js';

/** A query of the panel's request, as far as recognition needs it. */
export interface QueryTarget {
  refId?: string;
  expr?: unknown;
  datasource?: { type?: string; uid?: string } | null;
}

/** The panel's query results sorted by what they feed. */
export interface PanelInputs {
  anomalies: Series[];
  scoreBuckets: Series[];
  graphRequests: Series[];
  graphAnomalous: Series[];
  records: AnomalyRecord[];
  /** Uid of the Loki datasource of a log query in the request, for Explore links. */
  lokiDatasourceUid: string;
  /** Frames that matched no view (shown in the empty-view hint so a wrong query is visible). */
  unrecognised: number;
}

function expressionsByRefId(targets: readonly QueryTarget[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const target of targets) {
    if (target.refId && typeof target.expr === 'string') {
      map.set(target.refId, target.expr);
    }
  }
  return map;
}

function lokiUidOf(targets: readonly QueryTarget[]): string {
  for (const target of targets) {
    if (target.datasource?.type === 'loki' && target.datasource.uid) {
      return target.datasource.uid;
    }
  }
  return '';
}

/** Sorts frames into the panel's inputs. Pure; the panel memoises it on the frames' identity. */
export function readPanelInputs(frames: readonly DataFrame[], targets: readonly QueryTarget[] = []): PanelInputs {
  const exprs = expressionsByRefId(targets);
  const inputs: PanelInputs = {
    anomalies: [],
    scoreBuckets: [],
    graphRequests: [],
    graphAnomalous: [],
    records: [],
    lokiDatasourceUid: lokiUidOf(targets),
    unrecognised: 0,
  };
  const logRows = [];
  for (const frame of frames) {
    if (frame == null || typeof frame !== 'object') {
      continue;
    }
    const kind = recogniseFrame(frame, exprs);
    switch (kind) {
      case 'logs':
        logRows.push(...readLogRows(frame));
        break;
      case 'unknown':
        inputs.unrecognised++;
        break;
      default:
        inputs[kind].push(...seriesOf(frame));
    }
  }
  inputs.records = toAnomalyRecords(logRows);
  return inputs;
}
