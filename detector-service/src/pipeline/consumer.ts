import type { LogsData } from '@anomalog/collector-processor';

/** What the pipeline says to a receiver about one export request. */
export type ConsumeOutcome =
  /** Taken: every record is queued for export. rejectedRecords > 0 means partial success. */
  | { kind: 'accepted'; rejectedRecords: number; message: string }
  /** The pipeline is full: refuse the whole request and tell the client to retry later. */
  | { kind: 'backpressure'; retryAfterSeconds: number };

export interface ConsumeMeta {
  transport: 'grpc' | 'http';
}

/** The small interface between receivers and the processing pipeline (as in the OTel Collector). */
export interface LogsConsumer {
  consume(data: LogsData, meta: ConsumeMeta): Promise<ConsumeOutcome>;
}
