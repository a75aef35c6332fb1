/**
 * The service configuration schema. Defaults live in default.yaml (embedded); this schema
 * validates the merged result and names the bad key in every error.
 */
import { z } from 'zod';

const hostPort = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/, 'expected host:port, e.g. 0.0.0.0:4317');

const tls = z.strictObject({
  certFile: z.string().min(1),
  keyFile: z.string().min(1),
  /** When set, clients must present a certificate signed by this CA (mutual TLS). */
  clientCaFile: z.string().min(1).optional(),
});
export type TlsConfig = z.infer<typeof tls>;

const auth = z.strictObject({
  /** Requests must carry `authorization: Bearer <token>`; empty means no auth. */
  bearerToken: z.string().default(''),
});
export type ListenerAuthConfig = z.infer<typeof auth>;

const scoringThreadRestarts = z.strictObject({
  max: z.number().int().min(0).max(1_000).default(5),
  windowSeconds: z.number().positive().default(600),
  backoffSeconds: z.number().positive().max(3_600).default(1),
  maxBackoffSeconds: z.number().positive().max(3_600).default(30),
});
export type ScoringThreadRestartsConfig = z.infer<typeof scoringThreadRestarts>;
const SCORING_THREAD_RESTARTS_DEFAULT: ScoringThreadRestartsConfig = { max: 5, windowSeconds: 600, backoffSeconds: 1, maxBackoffSeconds: 30 };

const grpcReceiver = z.strictObject({
  enabled: z.boolean().default(true),
  endpoint: hostPort.default('0.0.0.0:4317'),
  maxMessageSizeMiB: z.number().positive().max(1024).default(64),
  auth: auth.default({ bearerToken: '' }),
  tls: tls.optional(),
});

const httpReceiver = z.strictObject({
  enabled: z.boolean().default(true),
  endpoint: hostPort.default('0.0.0.0:4318'),
  maxBodySizeMiB: z.number().positive().max(1024).default(64),
  auth: auth.default({ bearerToken: '' }),
  tls: tls.optional(),
});

export const queueSchema = z.strictObject({
  /** Records waiting for export; when full, receivers are told to retry later. */
  capacity: z.number().int().positive().default(50_000),
  /** Records per export request. */
  batchSize: z.number().int().positive().default(1_000),
  /** A partial batch is sent after this long. */
  flushIntervalMs: z.number().int().positive().default(200),
  /** Export requests in flight at once (more than 1 gives up ordering between batches). */
  concurrency: z.number().int().positive().max(64).default(1),
});
export type QueueConfig = z.infer<typeof queueSchema>;

export const retrySchema = z.strictObject({
  initialIntervalMs: z.number().int().positive().default(500),
  maxIntervalMs: z.number().int().positive().default(30_000),
  multiplier: z.number().min(1).default(2),
  /** Each wait is drawn uniformly from interval * (1 ± randomizationFactor). */
  randomizationFactor: z.number().min(0).max(1).default(0.5),
  /** Give up on a batch after this long (0: retry until shutdown, so nothing retryable is dropped). */
  maxElapsedSeconds: z.number().min(0).default(0),
});
export type RetryConfig = z.infer<typeof retrySchema>;

const clientAuth = z.strictObject({
  bearerToken: z.string().optional(),
  basic: z.strictObject({ username: z.string(), password: z.string() }).optional(),
});

const common = {
  queue: queueSchema.default(queueSchema.parse({})),
  retry: retrySchema.default(retrySchema.parse({})),
};

export const lokiExporterSchema = z.strictObject({
  /** The push URL, e.g. http://loki:3100/loki/api/v1/push */
  endpoint: z.url(),
  /** Sent as X-Scope-OrgID (multi-tenant Loki). */
  tenantId: z.string().optional(),
  /** Loki 2.9+: extra fields as structured metadata. false: appended to the line as logfmt. */
  structuredMetadata: z.boolean().default(true),
  auth: clientAuth.default({}),
  headers: z.record(z.string(), z.string()).default({}),
  timeoutMs: z.number().int().positive().default(10_000),
  ...common,
});
export type LokiExporterConfig = z.infer<typeof lokiExporterSchema>;

export const otlpHttpExporterSchema = z.strictObject({
  /** The full logs URL, e.g. http://collector:4318/v1/logs or http://loki:3100/otlp/v1/logs */
  endpoint: z.url(),
  compression: z.enum(['gzip', 'none']).default('gzip'),
  auth: clientAuth.default({}),
  headers: z.record(z.string(), z.string()).default({}),
  timeoutMs: z.number().int().positive().default(10_000),
  ...common,
});
export type OtlpHttpExporterConfig = z.infer<typeof otlpHttpExporterSchema>;

export const otlpGrpcExporterSchema = z.strictObject({
  /** host:port of an OTLP gRPC server. */
  endpoint: hostPort,
  tls: z
    .strictObject({
      enabled: z.boolean().default(false),
      caFile: z.string().optional(),
    })
    .default({ enabled: false }),
  compression: z.enum(['gzip', 'none']).default('gzip'),
  auth: z.strictObject({ bearerToken: z.string().optional() }).default({}),
  headers: z.record(z.string(), z.string()).default({}),
  timeoutMs: z.number().int().positive().default(10_000),
  ...common,
});
export type OtlpGrpcExporterConfig = z.infer<typeof otlpGrpcExporterSchema>;

export const jsonlExporterSchema = z.strictObject({
  /** A file path, or '-' for stdout. */
  path: z.string().min(1).default('-'),
  /** The file is rotated past this size (path.1, path.2, ...). */
  maxFileSizeMiB: z.number().positive().default(100),
  /** Rotated files kept besides the current one. */
  maxFiles: z.number().int().min(0).default(5),
  ...common,
});
export type JsonlExporterConfig = z.infer<typeof jsonlExporterSchema>;

/** Exporter type by the part of its name before an optional '/', as in the OTel Collector. */
export const EXPORTER_SCHEMAS = {
  loki: lokiExporterSchema,
  otlphttp: otlpHttpExporterSchema,
  otlpgrpc: otlpGrpcExporterSchema,
  jsonl: jsonlExporterSchema,
} as const;
export type ExporterType = keyof typeof EXPORTER_SCHEMAS;

export type ExporterConfig =
  | { type: 'loki'; name: string; config: LokiExporterConfig }
  | { type: 'otlphttp'; name: string; config: OtlpHttpExporterConfig }
  | { type: 'otlpgrpc'; name: string; config: OtlpGrpcExporterConfig }
  | { type: 'jsonl'; name: string; config: JsonlExporterConfig };

export const serviceConfigSchema = z.strictObject({
  receivers: z.strictObject({
    grpc: grpcReceiver.default(grpcReceiver.parse({})),
    http: httpReceiver.default(httpReceiver.parse({})),
  }),
  /** Passed to the engine as is (thresholds, per-service overrides, classification rules). */
  processor: z
    .strictObject({
      engine: z.record(z.string(), z.unknown()).default({}),
      /** Score in a thread of its own (a second core), answering requests once queued for it. */
      scoringThread: z.boolean().default(true),
      /** Records accepted and waiting for the scoring thread at most; past it, backpressure. */
      maxScoringRecords: z.number().int().positive().default(4_000),
      /**
       * How long a request that finds maxScoringRecords waiting may wait for room (its bytes held,
       * not yet decoded) before it is refused with backpressure; 0 refuses at once.
       */
      maxScoringWaitMs: z.number().int().nonnegative().max(60_000).default(1_000),
      /**
       * A scoring thread that ends unexpectedly (an uncaught exception, out of memory) is replaced
       * by a new one restored from the last saved state (or empty when state is off), after a
       * backoff of `backoffSeconds` (default 1) doubling per crash up to `maxBackoffSeconds`
       * (default 30); while it restarts, requests get backpressure. After `max` restarts (default
       * 5; 0: never restart) within `windowSeconds` (default 600), the next crash is final: the
       * service stays not ready and refuses requests until it is restarted itself.
       */
      scoringThreadRestarts: scoringThreadRestarts.default(SCORING_THREAD_RESTARTS_DEFAULT),
    })
    .default({ engine: {}, scoringThread: true, maxScoringRecords: 4_000, maxScoringWaitMs: 1_000, scoringThreadRestarts: SCORING_THREAD_RESTARTS_DEFAULT }),
  /** Name → settings; the type is the name up to an optional '/', e.g. `loki`, `loki/tenant-b`. */
  exporters: z.record(z.string(), z.record(z.string(), z.unknown()).nullable()),
  admin: z.strictObject({
    enabled: z.boolean().default(true),
    endpoint: hostPort.default('0.0.0.0:9464'),
    auth: auth.default({ bearerToken: '' }),
    /** /healthz and /readyz stay open when auth is on, for orchestrator probes. */
    probesWithoutAuth: z.boolean().default(true),
    tls: tls.optional(),
    /** Recent anomalies kept for /api/v1/anomalies. */
    recentAnomalies: z.number().int().positive().max(100_000).default(1_000),
    /** Templates kept per service for /api/v1/templates. */
    templatesPerService: z.number().int().positive().max(100_000).default(1_000),
  }),
  metrics: z.strictObject({
    /** Top-K cap on each unbounded label (service, client, server); the rest becomes `other`. */
    labelValuesLimit: z.number().int().positive().max(10_000).default(200),
    /** How often the top-K membership is re-ranked from recent counts. */
    labelRerankSeconds: z.number().int().positive().default(300),
  }),
  serviceGraph: z.strictObject({
    /** Span id → service memory for parent/child edges, in spans. */
    maxSpans: z.number().int().positive().default(100_000),
    /** How long a span is remembered for a child's record to find its parent. */
    windowSeconds: z.number().positive().default(60),
    /** Edges kept for /api/v1/graph, with twice as many nodes; an edge is kept only between kept nodes. */
    maxEdges: z.number().int().positive().default(5_000),
    /**
     * What a bare peer.service names when nothing else on the record tells the side: `callee`
     * (OTel semantic conventions: the record's service called it) or `caller`.
     */
    peerServiceDirection: z.enum(['callee', 'caller']).default('callee'),
  }),
  state: z.strictObject({
    enabled: z.boolean().default(true),
    dir: z.string().min(1).default('.anomalog-state'),
    intervalSeconds: z.number().positive().default(60),
  }),
  shutdown: z.strictObject({
    /** On SIGTERM, queued records get this long to leave before state is saved and the process exits. */
    drainTimeoutSeconds: z.number().positive().default(10),
  }),
  log: z.strictObject({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  }),
});
export type RawServiceConfig = z.infer<typeof serviceConfigSchema>;

export interface ServiceConfig extends Omit<RawServiceConfig, 'exporters'> {
  exporters: ExporterConfig[];
}
