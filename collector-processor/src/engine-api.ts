/**
 * The engine's public contract, shared by the detector-service, the CLI and the benchmarks.
 * The implementation lives in engine.ts (createEngine).
 */
import type { LogClass, LogsData } from './otlp-model.js';

/** The type of a value extracted from behind a `<*>` of a template. */
export type ParamType =
  | 'number'
  | 'duration'
  | 'size'
  | 'ip'
  | 'hex'
  | 'uuid'
  | 'id'
  | 'path'
  | 'url'
  | 'email'
  | 'time'
  | 'string';

export interface TypedParam {
  type: ParamType;
  /** The text as it stood in the message. */
  text: string;
  /** Numeric value in a base unit where the type has one (ms for durations, bytes for sizes). */
  value?: number;
}

/** What the engine decided about one record. Arrays of these are aligned with the input records. */
export interface RecordVerdict {
  service: string;
  /** Milliseconds since the Unix epoch (record time, else observed time, else the engine clock). */
  timeMs: number;
  severityNumber: number;
  message: string;
  template: string;
  templateId: string;
  params: TypedParam[];
  /** True when this record created its template. */
  newTemplate: boolean;
  score: number;
  isAnomaly: boolean;
  class: LogClass;
  classConfidence: number;
  reasons: string[];
}

export interface EngineStats {
  services: number;
  templatesByService: Map<string, number>;
  /** Counts of what bounded stores dropped or merged, by store name (e.g. 'templates.merged'). */
  capEvents: Map<string, number>;
}

export interface Engine {
  /**
   * Scores every record of the batch and adds the anomalog.* attributes to each record in place.
   * Returns one verdict per record, in document order (resource, scope, record).
   */
  process(data: LogsData): RecordVerdict[];
  /** Learned state as plain JSON-serialisable data; restore with createEngine(config, snapshot). */
  snapshot(): unknown;
  /**
   * The same state for a streaming writer: JSON.stringify gives snapshot()'s data, but the
   * per-service parts are built only as the writer reaches them (LazyJsonArray), so a large state
   * is never whole in memory. Scoring may go on while it is written: each service's part is
   * consistent, the whole is not one instant. Optional: engines without it are snapshot() whole.
   */
  lazySnapshot?(): unknown;
  stats(): EngineStats;
}

/** A log record reduced to what the engine scores (normalize.ts produces it). */
export interface NormalizedRecord {
  /** Resource `service.name`, else `unknown_service`. */
  service: string;
  timeMs: number;
  severityNumber: number;
  severityText: string;
  /** The message text: a string body, or the message field of a structured body, minus any raw-line header. */
  message: string;
  /** Record attributes, flattened (nested keys joined with '.'); structured-body fields and header fields too. */
  attributes: Map<string, string | number | boolean>;
  /** Lowercase hex, '' when absent. */
  traceId: string;
  spanId: string;
}

/** The result of mining one message into its template. */
export interface MineResult {
  /** Stable across restarts and replicas: a hash of service and template text. */
  templateId: string;
  /** Template text with `<*>` for each parameter. */
  template: string;
  params: TypedParam[];
  /** True when this message created the template. */
  isNew: boolean;
  /** Messages seen for this template so far, this one included. */
  count: number;
}
