/**
 * Raised for any request that cannot be decoded as OTLP logs: malformed protobuf or JSON,
 * invalid UTF-8 in a string field, wrong id lengths, nesting deeper than allowed.
 * `field` names the offending field path (e.g. `resourceLogs.scopeLogs.logRecords.body`) so the
 * client gets an actionable INVALID_ARGUMENT / 400 message.
 */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
  readonly code = 'OTLP_DECODE';

  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

/** Deepest AnyValue nesting (arrays and kvlists inside each other) a request may carry. */
export const DEFAULT_MAX_NESTING_DEPTH = 32;

/** No configuration may raise the nesting limit past this: the decoders recurse per level. */
export const MAX_NESTING_DEPTH_LIMIT = 512;

export interface DecodeOptions {
  /** AnyValue nesting limit; deeper input is a decode error, not a stack overflow. */
  maxNestingDepth?: number;
}
