import type { LogsData } from '@anomalog/collector-processor';

/** What the pipeline says to a receiver about one export request. */
export type ConsumeOutcome =
  /** Taken: every record is queued for export. rejectedRecords > 0 means partial success. */
  | { kind: 'accepted'; rejectedRecords: number; message: string }
  /** The pipeline is full: refuse the whole request and tell the client to retry later. */
  | { kind: 'backpressure'; retryAfterSeconds: number };

export interface ConsumeMeta {
  transport: 'grpc' | 'http';
  /**
   * The request as its client sent it (after gunzip) and the decoder's nesting limit, when the
   * receiver has them: a pipeline scoring in another thread sends these bytes rather than the
   * decoded objects. The bytes must not change once handed over.
   */
  raw?: { format: 'protobuf' | 'json'; bytes: Uint8Array; maxNestingDepth: number | undefined };
}

/** The small interface between receivers and the processing pipeline (as in the OTel Collector). */
export interface LogsConsumer {
  consume(data: LogsData, meta: ConsumeMeta): Promise<ConsumeOutcome>;
  /**
   * The backpressure any request would get now, if so: receivers ask before decoding, so a full
   * pipeline does not spend its time decoding requests it will refuse. Optional.
   */
  fullNow?(): Extract<ConsumeOutcome, { kind: 'backpressure' }> | undefined;
  /**
   * Asked after fullNow() and before decoding: true to go on now, or a promise of room (true)
   * or of a refusal with backpressure (false) once the request has waited for room. Optional.
   */
  whenScoringRoom?(): true | Promise<boolean>;
}
