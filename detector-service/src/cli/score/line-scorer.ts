import {
  createEngine,
  newLogRecord,
  type Engine,
  type LogRecord,
  type LogsData,
  type RecordVerdict,
  type TypedParam,
} from '@anomalog/collector-processor';

/** What `anomalog score` prints for one line. */
export interface ScoredLine {
  line: string;
  file: string;
  lineNumber: number;
  service: string;
  template: string;
  template_id: string;
  parameters: TypedParam[];
  score?: number;
  is_anomaly?: boolean;
  class?: string;
  class_confidence?: number;
  reasons?: string[];
}

export interface PendingLine {
  file: string;
  lineNumber: number;
  line: string;
  service: string;
}

/**
 * Scores batches of lines with the whole engine. The engine splits each raw line's header itself
 * (time, level, fields; with the named format, or detected per service), so the time it learns
 * rates from is the log's own.
 */
export class LineScorer {
  private readonly engine: Engine;

  constructor(format?: string) {
    this.engine = createEngine({ rawLines: 'always', format });
  }

  score(batch: readonly PendingLine[]): ScoredLine[] {
    const verdicts = this.engine.process(toLogsData(batch));
    return batch.map((p, i) => withVerdict(p, verdicts[i]));
  }
}

function base(p: PendingLine, template: string, id: string, params: TypedParam[]): ScoredLine {
  return { line: p.line, file: p.file, lineNumber: p.lineNumber, service: p.service, template, template_id: id, parameters: params };
}

function withVerdict(p: PendingLine, v: RecordVerdict): ScoredLine {
  return {
    ...base(p, v.template, v.templateId, v.params),
    score: v.score,
    is_anomaly: v.isAnomaly,
    class: v.class,
    class_confidence: v.classConfidence,
    reasons: v.reasons,
  };
}

/** Consecutive lines of one service share a resource, so document order (the order of the verdicts) is the batch order. */
function toLogsData(batch: readonly PendingLine[]): LogsData {
  const data: LogsData = { resourceLogs: [] };
  let current: LogRecord[] | undefined;
  let currentService: string | undefined;
  for (const p of batch) {
    if (current === undefined || p.service !== currentService) {
      current = [];
      currentService = p.service;
      data.resourceLogs.push({
        resource: { attributes: [{ key: 'service.name', value: p.service }], droppedAttributesCount: 0 },
        scopeLogs: [{ scope: undefined, logRecords: current, schemaUrl: '' }],
        schemaUrl: '',
      });
    }
    current.push(newLogRecord(p.line));
  }
  return data;
}
