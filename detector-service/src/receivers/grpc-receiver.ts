import * as grpc from '@grpc/grpc-js';
import { OtlpDecodeError } from '../otlp/decode-error.js';
import { decodeExportLogsRequest } from '../otlp/proto-decode-logs.js';
import { encodeExportLogsResponse, encodeRpcStatus, GRPC_CODE } from '../otlp/proto-status.js';
import type { LogsConsumer } from '../pipeline/consumer.js';
import { bearerTokenChecker } from './bearer-auth.js';
import { ByteBudget } from './byte-budget.js';
import { deliver } from './deliver.js';
import {
  DEFAULT_MAX_REQUEST_BYTES,
  NOOP_LOGGER,
  NOOP_OBSERVER,
  type ListeningAddress,
  type Receiver,
  type ReceiverConfig,
  type ReceiverHooks,
  type RefusalReason,
} from './receiver-api.js';

export const LOGS_EXPORT_PATH = '/opentelemetry.proto.collector.logs.v1.LogsService/Export';

const EMPTY_RESPONSE = Buffer.alloc(0);

/*
 * The method is registered with pass-through (de)serializers: grpc-js hands us the raw message
 * bytes (already gunzipped and size-checked), and our decoder turns them into the model. A
 * deserializer that threw would make grpc-js answer INTERNAL; the spec wants INVALID_ARGUMENT.
 */
const LOGS_SERVICE: grpc.ServiceDefinition = {
  Export: {
    path: LOGS_EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: (bytes: Buffer) => bytes,
    requestDeserialize: (bytes: Buffer) => bytes,
    responseSerialize: (bytes: Uint8Array) => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
    responseDeserialize: (bytes: Buffer) => bytes,
  },
};

function statusError(code: number, details: string, metadata?: grpc.Metadata): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: metadata ?? new grpc.Metadata() });
}

/** UNAVAILABLE with a google.rpc.RetryInfo in grpc-status-details-bin, as OTLP asks for throttling. */
function unavailable(message: string, retryAfterSeconds: number): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(encodeRpcStatus(GRPC_CODE.UNAVAILABLE, message, retryAfterSeconds)));
  return statusError(GRPC_CODE.UNAVAILABLE, message, metadata);
}

/**
 * OTLP/gRPC logs receiver (`LogsService/Export`) on grpc-js. Answers per the OTLP spec: OK with
 * an empty response on full success, partial_success when the pipeline rejected some records,
 * INVALID_ARGUMENT for undecodable data, UNAVAILABLE with google.rpc.RetryInfo when the pipeline
 * is full, RESOURCE_EXHAUSTED over the size limit (enforced by grpc-js, also after gzip),
 * UNAUTHENTICATED without the bearer token.
 */
export function createGrpcReceiver(config: ReceiverConfig, consumer: LogsConsumer, hooks: ReceiverHooks = {}): Receiver {
  const observer = hooks.observer ?? NOOP_OBSERVER;
  const logger = hooks.logger ?? NOOP_LOGGER;
  const maxBytes = config.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const isAuthorized = config.bearerToken === undefined ? undefined : bearerTokenChecker(config.bearerToken);
  const decodeOptions = { maxNestingDepth: config.maxNestingDepth };
  const budget = new ByteBudget(config.maxInFlightBytes ?? Math.max(4 * maxBytes, 256 * 1024 * 1024));
  // grpc-js answers RESOURCE_EXHAUSTED for an oversize message itself, before any handler or
  // interceptor sees it (BaseServerInterceptingCall sends that status directly), so such calls
  // are not counted in anomalog_requests_refused_total{reason="too_large"} (docs/contracts.md).
  const server = new grpc.Server({
    'grpc.max_receive_message_length': maxBytes,
    'grpc.max_send_message_length': 4 * 1024 * 1024,
  });

  /** A request refused before its records could be counted: its record count is unknown (0). */
  const refuse = (reason: RefusalReason): void => {
    observer.refused('grpc', reason, 0);
    observer.requestRefused('grpc', reason);
  };

  const exportLogs = (call: grpc.ServerUnaryCall<Buffer, Uint8Array>, callback: grpc.sendUnaryData<Uint8Array>): void => {
    if (isAuthorized !== undefined) {
      const header = call.metadata.get('authorization')[0];
      if (!isAuthorized(typeof header === 'string' ? header : undefined)) {
        refuse('unauthenticated');
        callback(statusError(GRPC_CODE.UNAUTHENTICATED, 'missing or invalid bearer token'));
        return;
      }
    }
    // grpc-js has already buffered the message; past the budget it is dropped at once rather
    // than held while the pipeline works, and the client retries later.
    const held = call.request.length;
    if (!budget.tryTake(held)) {
      refuse('backpressure');
      callback(unavailable('too many request bytes in flight, retry later', 1));
      return;
    }
    const full = consumer.fullNow?.();
    if (full) {
      budget.release(held);
      refuse('backpressure');
      callback(unavailable('pipeline is full, retry later', full.retryAfterSeconds));
      return;
    }
    const room = consumer.whenScoringRoom?.() ?? true;
    if (room === true) return take(call, callback, held);
    room.then(
      (hasRoom) => {
        if (hasRoom) return take(call, callback, held);
        budget.release(held);
        refuse('backpressure');
        callback(unavailable('pipeline is full, retry later', 1));
      },
      (err: unknown) => {
        budget.release(held);
        refuse('internal');
        logger.error({ err }, 'logs pipeline failed while a gRPC export request waited for room');
        callback(statusError(GRPC_CODE.INTERNAL, 'internal error while processing logs'));
      },
    );
  };

  /** Decodes a request that may go on and hands it to the pipeline; `held` bytes are released when answered. */
  const take = (call: grpc.ServerUnaryCall<Buffer, Uint8Array>, callback: grpc.sendUnaryData<Uint8Array>, held: number): void => {
    const started = process.hrtime.bigint();
    let data;
    try {
      data = decodeExportLogsRequest(call.request, decodeOptions);
    } catch (err) {
      if (err instanceof OtlpDecodeError) {
        refuse('invalid');
        callback(statusError(GRPC_CODE.INVALID_ARGUMENT, `undecodable ExportLogsServiceRequest: ${err.message}`));
      } else {
        refuse('internal');
        logger.error({ err }, 'decoder failed unexpectedly on a gRPC export request');
        callback(statusError(GRPC_CODE.INTERNAL, 'internal error while decoding logs'));
      }
      budget.release(held);
      return;
    }
    deliver(data, consumer, 'grpc', observer, started, { format: 'protobuf', bytes: call.request, maxNestingDepth: config.maxNestingDepth }).then(
      (outcome) => {
        budget.release(held);
        if (outcome.kind === 'backpressure') {
          callback(unavailable('pipeline is full, retry later', outcome.retryAfterSeconds));
        } else if (outcome.rejectedRecords > 0) {
          callback(null, encodeExportLogsResponse({ rejectedLogRecords: outcome.rejectedRecords, errorMessage: outcome.message }));
        } else {
          callback(null, EMPTY_RESPONSE);
        }
      },
      (err: unknown) => {
        budget.release(held);
        refuse('internal');
        logger.error({ err }, 'logs pipeline failed on a gRPC export request');
        callback(statusError(GRPC_CODE.INTERNAL, 'internal error while processing logs'));
      },
    );
  };

  server.addService(LOGS_SERVICE, { Export: exportLogs as grpc.UntypedHandleCall });

  return {
    transport: 'grpc',
    start: () =>
      new Promise<ListeningAddress>((resolve, reject) => {
        const credentials =
          config.tls === undefined
            ? grpc.ServerCredentials.createInsecure()
            : grpc.ServerCredentials.createSsl(
                config.tls.clientCa === undefined ? null : Buffer.from(config.tls.clientCa),
                [{ cert_chain: Buffer.from(config.tls.cert), private_key: Buffer.from(config.tls.key) }],
                config.tls.clientCa !== undefined,
              );
        const target = config.host.includes(':') ? `[${config.host}]:${config.port}` : `${config.host}:${config.port}`;
        server.bindAsync(target, credentials, (err, port) => {
          if (err) reject(err);
          else resolve({ host: config.host, port });
        });
      }),
    shutdown: (deadlineMs = 10_000) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.forceShutdown(), deadlineMs);
        timer.unref();
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
