import type { ConsumeMeta } from '../pipeline/consumer.js';

export type Transport = ConsumeMeta['transport'];

/**
 * Why records (or a whole request) were refused: the `reason` label of
 * `anomalog_records_refused_total` and `anomalog_requests_refused_total` (docs/contracts.md).
 * `internal` is a pipeline failure (a bug), answered with INTERNAL / 500.
 */
export type RefusalReason = 'invalid' | 'backpressure' | 'too_large' | 'unauthenticated' | 'internal';

/**
 * Hooks for metrics. Called synchronously on the request path: implementations must be cheap
 * (increment a counter) and must not throw.
 */
export interface ReceiverObserver {
  /** A request decoded and holds `records` log records. */
  received(transport: Transport, records: number): void;
  /** The pipeline took `records` records. */
  accepted(transport: Transport, records: number): void;
  /**
   * Records refused. `records` is 0 when the request could not be decoded (or was refused
   * before decoding: auth, size), since its record count is unknown.
   */
  refused(transport: Transport, reason: RefusalReason, records: number): void;
  /**
   * A whole request was answered with an error status, once per request, whether or not its
   * records could be counted (auth, size, undecodable, backpressure, internal). A partial
   * success (some records rejected, status OK) is not a refused request.
   */
  requestRefused(transport: Transport, reason: RefusalReason): void;
  /** Seconds from the start of decoding to the pipeline's answer, per decoded request. */
  processed(transport: Transport, seconds: number): void;
}

/** The subset of a pino logger the receivers use. */
export interface ReceiverLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ReceiverHooks {
  observer?: ReceiverObserver;
  logger?: ReceiverLogger;
}

export interface ReceiverTlsConfig {
  /** PEM certificate chain. */
  cert: string | Buffer;
  /** PEM private key. */
  key: string | Buffer;
  /** PEM CA bundle: when set, clients must present a certificate it signed (mutual TLS). */
  clientCa?: string | Buffer;
}

export const DEFAULT_MAX_REQUEST_BYTES = 64 * 1024 * 1024;

export interface ReceiverConfig {
  /** Bind address, e.g. `0.0.0.0` or `127.0.0.1`. */
  host: string;
  /** 4317 (gRPC) or 4318 (HTTP) by contract; 0 picks a free port (tests). */
  port: number;
  /** Largest request accepted, after decompression (default 64 MiB). */
  maxRequestBytes?: number;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  bearerToken?: string;
  tls?: ReceiverTlsConfig;
  /**
   * Request bytes all in-flight requests may hold together (default the larger of
   * 4 x maxRequestBytes and 256 MiB); past it requests get 503 + Retry-After / UNAVAILABLE.
   */
  maxInFlightBytes?: number;
  /** AnyValue nesting limit for decoding (default 32). */
  maxNestingDepth?: number;
}

export interface ListeningAddress {
  host: string;
  port: number;
}

export interface Receiver {
  readonly transport: Transport;
  /** Binds the listener; resolves with the address actually bound. */
  start(): Promise<ListeningAddress>;
  /**
   * Stops accepting new connections and requests, lets in-flight requests finish, and after
   * `deadlineMs` closes whatever is still open.
   */
  shutdown(deadlineMs?: number): Promise<void>;
}

export const NOOP_OBSERVER: ReceiverObserver = {
  received() {},
  accepted() {},
  refused() {},
  requestRefused() {},
  processed() {},
};

export const NOOP_LOGGER: ReceiverLogger = {
  warn() {},
  error() {},
};
