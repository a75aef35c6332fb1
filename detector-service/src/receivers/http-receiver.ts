import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { OtlpDecodeError } from '../otlp/decode-error.js';
import { decodeExportLogsJson } from '../otlp/json-decode-logs.js';
import { decodeExportLogsRequest } from '../otlp/proto-decode-logs.js';
import {
  encodeExportLogsResponse,
  encodeRpcStatus,
  exportLogsResponseJson,
  GRPC_CODE,
  rpcStatusJson,
} from '../otlp/proto-status.js';
import type { LogsConsumer } from '../pipeline/consumer.js';
import { bearerTokenChecker } from './bearer-auth.js';
import { ByteBudget } from './byte-budget.js';
import { ConcurrencyGate } from './concurrency-gate.js';
import { deliver } from './deliver.js';
import { readRequestBody } from './http-body.js';
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

export const LOGS_HTTP_PATH = '/v1/logs';

type BodyFormat = 'protobuf' | 'json';

const CONTENT_TYPE: Record<BodyFormat, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

function bodyFormat(contentType: string | undefined): BodyFormat | undefined {
  if (contentType === undefined) return undefined;
  const semi = contentType.indexOf(';');
  const media = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  if (media === 'application/json') return 'json';
  return undefined;
}

function contentEncoding(header: string | undefined): 'identity' | 'gzip' | 'deflate' | undefined {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'deflate') return 'deflate';
  return undefined;
}

function send(res: ServerResponse, status: number, format: BodyFormat, body: Uint8Array | string, headers?: Record<string, string>): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'Content-Type': CONTENT_TYPE[format], 'Content-Length': String(bytes.length), ...headers });
  res.end(bytes);
}

/** An error answer: a google.rpc.Status in the request's format (JSON when it is unknown). */
function sendStatus(res: ServerResponse, status: number, format: BodyFormat, code: number, message: string, retryAfterSeconds?: number, headers?: Record<string, string>): void {
  const body = format === 'protobuf' ? encodeRpcStatus(code, message, retryAfterSeconds) : rpcStatusJson(code, message, retryAfterSeconds);
  send(res, status, format, body, headers);
}

/**
 * OTLP/HTTP logs receiver: `POST /v1/logs` with protobuf or JSON bodies, optionally gzip or
 * deflate, answered in the request's content type. 400 for undecodable bodies, 413 over the
 * size limit (checked while the body streams in and while it inflates), 415 for other content
 * types or encodings, 503 with Retry-After on backpressure, 401 without the bearer token.
 */
export function createHttpReceiver(config: ReceiverConfig, consumer: LogsConsumer, hooks: ReceiverHooks = {}): Receiver {
  const observer = hooks.observer ?? NOOP_OBSERVER;
  const logger = hooks.logger ?? NOOP_LOGGER;
  const maxBytes = config.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const isAuthorized = config.bearerToken === undefined ? undefined : bearerTokenChecker(config.bearerToken);
  const decodeOptions = { maxNestingDepth: config.maxNestingDepth };
  const budget = new ByteBudget(config.maxInFlightBytes ?? Math.max(4 * maxBytes, 256 * 1024 * 1024));
  const inflateGate = new ConcurrencyGate(2);

  /** A request refused before its records could be counted: its record count is unknown (0). */
  const refuse = (reason: RefusalReason): void => {
    observer.refused('http', reason, 0);
    observer.requestRefused('http', reason);
  };

  const refuseBusy = (res: ServerResponse, format: BodyFormat): void => {
    refuse('backpressure');
    sendStatus(res, 503, format, GRPC_CODE.UNAVAILABLE, 'too many request bytes in flight, retry later', 1, { 'Retry-After': '1', Connection: 'close' });
  };

  const refuseTooLarge = (req: IncomingMessage, res: ServerResponse, format: BodyFormat): void => {
    refuse('too_large');
    // Close the connection: the rest of the oversized body is not read.
    sendStatus(res, 413, format, GRPC_CODE.RESOURCE_EXHAUSTED, `request larger than ${maxBytes} bytes`, undefined, { Connection: 'close' });
    res.once('finish', () => setTimeout(() => req.destroy(), 50).unref());
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (path !== LOGS_HTTP_PATH) {
      sendStatus(res, 404, 'json', 5, `no such path ${path}; OTLP logs go to POST ${LOGS_HTTP_PATH}`);
      req.resume();
      return;
    }
    if (req.method !== 'POST') {
      sendStatus(res, 405, 'json', 12, `method ${req.method} not allowed; use POST`, undefined, { Allow: 'POST' });
      req.resume();
      return;
    }
    const format = bodyFormat(req.headers['content-type']);
    if (isAuthorized !== undefined && !isAuthorized(req.headers.authorization)) {
      refuse('unauthenticated');
      sendStatus(res, 401, format ?? 'json', GRPC_CODE.UNAUTHENTICATED, 'missing or invalid bearer token', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
      req.resume();
      return;
    }
    if (format === undefined) {
      refuse('invalid');
      sendStatus(res, 415, 'json', GRPC_CODE.INVALID_ARGUMENT, `unsupported content type '${req.headers['content-type'] ?? ''}'; use application/x-protobuf or application/json`);
      req.resume();
      return;
    }
    const encoding = contentEncoding(req.headers['content-encoding']);
    if (encoding === undefined) {
      refuse('invalid');
      sendStatus(res, 415, format, GRPC_CODE.INVALID_ARGUMENT, `unsupported content encoding '${req.headers['content-encoding']}'; use gzip, deflate or none`);
      req.resume();
      return;
    }
    const full = consumer.fullNow?.();
    if (full) {
      // Refused before reading: the body is drained unread (the connection stays usable).
      refuse('backpressure');
      sendBackpressure(res, format, full.retryAfterSeconds);
      req.resume();
      return;
    }
    const read = await readRequestBody(req, encoding, maxBytes, budget, inflateGate);
    if (read.kind === 'ok') {
      try {
        const room = consumer.whenScoringRoom?.() ?? true;
        if (room === true || (await room)) await answer(res, format, read.body);
        else {
          refuse('backpressure');
          sendBackpressure(res, format, 1);
        }
      } finally {
        budget.release(read.held);
      }
      return;
    }
    if (read.kind === 'aborted') return;
    if (read.kind === 'busy') {
      refuseBusy(res, format);
      res.once('finish', () => setTimeout(() => req.destroy(), 50).unref());
      return;
    }
    if (read.kind === 'too_large') {
      refuseTooLarge(req, res, format);
      return;
    }
    refuse('invalid');
    sendStatus(res, 400, format, GRPC_CODE.INVALID_ARGUMENT, read.message);
  };

  const sendBackpressure = (res: ServerResponse, format: BodyFormat, retryAfterSeconds: number): void => {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    sendStatus(res, 503, format, GRPC_CODE.UNAVAILABLE, 'pipeline is full, retry later', retryAfterSeconds, { 'Retry-After': String(seconds) });
  };

  /** Decodes a body, hands it to the pipeline and answers per the outcome. */
  const answer = async (res: ServerResponse, format: BodyFormat, body: Buffer): Promise<void> => {
    const started = process.hrtime.bigint();
    let data;
    try {
      data = format === 'protobuf' ? decodeExportLogsRequest(body, decodeOptions) : decodeExportLogsJson(body, decodeOptions);
    } catch (err) {
      if (!(err instanceof OtlpDecodeError)) throw err;
      refuse('invalid');
      sendStatus(res, 400, format, GRPC_CODE.INVALID_ARGUMENT, `undecodable ExportLogsServiceRequest: ${err.message}`);
      return;
    }
    const outcome = await deliver(data, consumer, 'http', observer, started, { format, bytes: body, maxNestingDepth: config.maxNestingDepth });
    if (outcome.kind === 'backpressure') {
      sendBackpressure(res, format, outcome.retryAfterSeconds);
      return;
    }
    const partial = outcome.rejectedRecords > 0 ? { rejectedLogRecords: outcome.rejectedRecords, errorMessage: outcome.message } : undefined;
    send(res, 200, format, format === 'protobuf' ? encodeExportLogsResponse(partial) : exportLogsResponseJson(partial));
  };

  let closing = false;
  const inFlight = new Set<ServerResponse>();

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    if (closing) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    handle(req, res).catch((err: unknown) => {
      refuse('internal');
      logger.error({ err }, 'failed to process an OTLP/HTTP logs request');
      if (!res.headersSent) sendStatus(res, 500, 'json', GRPC_CODE.INTERNAL, 'internal error while processing logs');
      else res.destroy();
    });
  };

  const server: Server =
    config.tls === undefined
      ? createHttpServer({ keepAlive: true }, listener)
      : createHttpsServer(
          {
            cert: config.tls.cert,
            key: config.tls.key,
            keepAlive: true,
            ...(config.tls.clientCa === undefined ? {} : { ca: config.tls.clientCa, requestCert: true, rejectUnauthorized: true }),
          },
          listener,
        );
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  return {
    transport: 'http',
    start: () =>
      new Promise<ListeningAddress>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          resolve({ host: config.host, port: address.port });
        });
      }),
    shutdown: (deadlineMs = 10_000) =>
      new Promise<void>((resolve) => {
        if (!server.listening) {
          resolve();
          return;
        }
        closing = true;
        // Answers still to come close their keep-alive connection, so close() can complete.
        for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
        const timer = setTimeout(() => server.closeAllConnections(), deadlineMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        // Idle keep-alive connections would hold close() open; in-flight requests finish first.
        server.closeIdleConnections();
      }),
  };
}
