import type { TypedParam } from '../engine-api.js';

/** What the detectors read about one record: the normalised record plus its mined template. */
export interface ScoringInput {
  service: string;
  /** The record's source within the service (logger, component, scope), '' when unknown. */
  component: string;
  timeMs: number;
  severityNumber: number;
  templateId: string;
  template: string;
  params: TypedParam[];
  /** Lowercase hex trace id, '' when absent. */
  traceId: string;
  /** Lowercase hex span id, '' when absent. */
  spanId: string;
  /** Record attributes (numeric ones feed the parameter detector). */
  attributes: ReadonlyMap<string, string | number | boolean>;
}

/** Severity level index from an OTLP severity number: 0 unset, 1 TRACE ... 4 WARN, 5 ERROR, 6 FATAL. */
export function severityLevel(severityNumber: number): number {
  if (!(severityNumber > 0)) return 0;
  const level = 1 + ((severityNumber - 1) >> 2);
  return level > 6 ? 6 : level;
}

/**
 * The remote service of a record (OpenTelemetry semantic conventions): on a callee's record its
 * caller, on a client's record (SPAN_KIND client or producer) the service it called.
 */
export const PEER_SERVICE = 'peer.service';
export const SPAN_KIND = 'span.kind';

export const LEVEL_WARN = 4;
export const LEVEL_ERROR = 5;
export const LEVEL_FATAL = 6;
export const LEVEL_NAMES = ['UNSPECIFIED', 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

/** 32-bit FNV-1a of a string: template ids become numbers so transition keys need no strings. */
export function hash32(text: string): number {
  // The detectors of one record hash its trace id in turn: the last text's hash is kept.
  if (text === lastText) return lastHash;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  lastText = text;
  lastHash = h >>> 0;
  return lastHash;
}

let lastText = '';
let lastHash = 0x811c9dc5;
