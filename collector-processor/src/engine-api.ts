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
  stats(): EngineStats;
}
