import * as processor from '@anomalog/collector-processor';
import {
  type Engine,
  type LogRecord,
  type LogsData,
  type RecordVerdict,
  TemplateMiner,
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
  message: string;
  fields: Record<string, string>;
}

/**
 * Scores batches of parsed lines: with the whole engine when this build of collector-processor
 * has one (createEngine), else with the template miner alone.
 */
export class LineScorer {
  private readonly engine: Engine | undefined;
  private readonly miner = new TemplateMiner();

  constructor() {
    const create = (processor as Record<string, unknown>).createEngine;
    this.engine = typeof create === 'function' ? (create as (config: unknown) => Engine)({}) : undefined;
  }

  get withEngine(): boolean {
    return this.engine !== undefined;
  }

  score(batch: readonly PendingLine[]): ScoredLine[] {
    if (this.engine === undefined) {
      return batch.map((p) => {
        const r = this.miner.mine(p.service, p.message);
        return base(p, r.template, r.templateId, r.params);
      });
    }
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

/**
 * Consecutive lines of one service share a resource, so document order (the order of the
 * engine's verdicts) is the batch order. Header fields become `log.*` attributes, the level the
 * severity text.
 */
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
    const { level, ...rest } = p.fields;
    current.push({
      timeUnixNano: 0n,
      observedTimeUnixNano: 0n,
      severityNumber: 0,
      severityText: level ?? '',
      body: p.message,
      attributes: Object.entries(rest).map(([key, value]) => ({ key: `log.${key}`, value })),
      droppedAttributesCount: 0,
      flags: 0,
      traceId: new Uint8Array(0),
      spanId: new Uint8Array(0),
      eventName: '',
    });
  }
  return data;
}
