import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import type { OtlpGrpcExporterConfig } from '../../config/schema.js';
import { encodeExportLogsRequest } from '../../otlp/proto-encode-logs.js';
import type { ExportRecord, Sender, SendResult } from '../export-record.js';
import { readPartialSuccess, readRetryDelayMs } from './response.js';
import { regroup } from './regroup.js';

const EXPORT_PATH = '/opentelemetry.proto.collector.logs.v1.LogsService/Export';
const GZIP = 2; // grpc-js compression algorithm id

/** Codes the OTLP spec retries; RESOURCE_EXHAUSTED only when the server sent RetryInfo. */
const RETRYABLE = new Set<number>([
  grpc.status.CANCELLED,
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.ABORTED,
  grpc.status.OUT_OF_RANGE,
  grpc.status.UNAVAILABLE,
  grpc.status.DATA_LOSS,
]);

const passBuffer = (b: Buffer): Buffer => b;
const toBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** OTLP/gRPC LogsService/Export with the service's own protobuf encoder. */
export class OtlpGrpcSender implements Sender {
  private readonly client: grpc.Client;
  private readonly metadata: grpc.Metadata;

  constructor(private readonly config: OtlpGrpcExporterConfig) {
    const credentials = config.tls.enabled
      ? grpc.credentials.createSsl(config.tls.caFile ? readFileSync(config.tls.caFile) : null)
      : grpc.credentials.createInsecure();
    const options: grpc.ChannelOptions = { 'grpc.max_send_message_length': -1, 'grpc.max_receive_message_length': -1 };
    if (config.compression === 'gzip') options['grpc.default_compression_algorithm'] = GZIP;
    this.client = new grpc.Client(config.endpoint, credentials, options);
    this.metadata = new grpc.Metadata();
    for (const [k, v] of Object.entries(config.headers)) this.metadata.set(k.toLowerCase(), v);
    if (config.auth.bearerToken) this.metadata.set('authorization', `Bearer ${config.auth.bearerToken}`);
  }

  send(batch: ExportRecord[]): Promise<SendResult> {
    const request = encodeExportLogsRequest(regroup(batch));
    return new Promise((resolve) => {
      this.client.makeUnaryRequest<Uint8Array, Buffer>(
        EXPORT_PATH,
        toBuffer,
        passBuffer,
        request,
        this.metadata.clone(),
        { deadline: Date.now() + this.config.timeoutMs },
        (err, response) => {
          if (!err) {
            const partial = response ? safe(() => readPartialSuccess(response)) : undefined;
            resolve({ kind: 'ok', rejected: partial?.rejected ?? 0, message: partial?.message });
            return;
          }
          resolve(classify(err));
        },
      );
    });
  }

  async close(): Promise<void> {
    this.client.close();
  }
}

function classify(err: grpc.ServiceError): SendResult {
  const reason = `grpc_${grpc.status[err.code] ?? err.code}`.toLowerCase();
  const details = err.metadata?.get('grpc-status-details-bin')[0];
  const retryAfterMs = details instanceof Buffer ? safe(() => readRetryDelayMs(details)) : undefined;
  if (RETRYABLE.has(err.code) || (err.code === grpc.status.RESOURCE_EXHAUSTED && retryAfterMs !== undefined)) {
    return { kind: 'retryable', reason, retryAfterMs, message: err.details };
  }
  return { kind: 'fatal', reason, message: err.details };
}

function safe<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
