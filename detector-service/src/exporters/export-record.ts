import type { LogRecord, RecordVerdict, ResourceLogs, ScopeLogs } from '@anomalog/collector-processor';
import type { RenderedRecords } from './jsonl/rendered-records.js';

/**
 * One enriched record waiting for export, with the resource and scope it came in under (shared by
 * reference with its siblings, so an OTLP exporter can regroup a batch without copying).
 */
export interface ExportRecord {
  resourceLogs: ResourceLogs;
  scopeLogs: ScopeLogs;
  record: LogRecord;
  verdict: RecordVerdict;
  /**
   * The record does not carry its anomalog.* attributes: the sender writes them from `verdict`,
   * as enrichment would have appended them. Set by the pipeline only when every exporter's sender
   * does that (`Sender.writesVerdictAttributes`).
   */
  verdictAttributes?: boolean;
}

/**
 * One record whose JSON line was rendered when its request was taken, all but the verdict's
 * parts (see RenderedRecords): the decoded request is not kept while it is scored.
 */
export interface RenderedExportRecord {
  rendered: RenderedRecords;
  /** The record's place in `rendered`. */
  index: number;
  verdict: RecordVerdict;
}

/** What an exporter's queue holds: rendered records only when its sender takes them. */
export type QueuedRecord = ExportRecord | RenderedExportRecord;

export function isRendered(entry: QueuedRecord): entry is RenderedExportRecord {
  return (entry as RenderedExportRecord).rendered !== undefined;
}

/** What one attempt to deliver a batch came to. */
export type SendResult =
  | { kind: 'ok'; /** Records the target accepted but refused one by one (OTLP partial success). */ rejected?: number; message?: string }
  | { kind: 'retryable'; reason: string; retryAfterMs?: number; message?: string }
  | { kind: 'fatal'; reason: string; message: string };

/** The protocol half of an exporter: delivers one batch, never throws for target failures. */
export interface Sender<R extends QueuedRecord = ExportRecord> {
  /**
   * A local writer (file, stdout) has no request size limit: when records back up, it takes
   * several batches in one go, so it keeps pace with receivers sharing the event loop.
   */
  readonly coalesce?: boolean;
  /**
   * Writes the anomalog.* attributes of records flagged `verdictAttributes` from their verdicts.
   * When every exporter's sender does, the pipeline leaves records that carry none as they came,
   * instead of appending seven attributes to each only for them to be read back.
   */
  readonly writesVerdictAttributes?: boolean;
  /**
   * Takes records rendered at receipt (RenderedExportRecord). When every exporter's sender does,
   * the pipeline renders each request as it takes it and lets the decoded request go.
   */
  readonly takesRenderedRecords?: boolean;
  send(batch: R[]): Promise<SendResult>;
  close(): Promise<void>;
}
