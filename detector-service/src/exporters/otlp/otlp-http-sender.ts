import { gzipSync } from 'node:zlib';
import type { OtlpHttpExporterConfig } from '../../config/schema.js';
import { encodeExportLogsRequest } from '../../otlp/proto-encode-logs.js';
import type { ExportRecord, Sender, SendResult } from '../export-record.js';
import { authHeaders } from '../http-auth.js';
import { postBatch } from '../http-post.js';
import { isRetryableHttpStatus, parseRetryAfter } from '../retry.js';
import { readPartialSuccess, readRetryDelayMs } from './response.js';
import { regroup } from './regroup.js';

/** OTLP/HTTP protobuf to any OTLP logs endpoint (a collector, Loki's /otlp/v1/logs, ...). */
export class OtlpHttpSender implements Sender {
  private readonly headers: Record<string, string>;

  constructor(private readonly config: OtlpHttpExporterConfig) {
    this.headers = {
      ...config.headers,
      ...authHeaders(config.auth),
      'content-type': 'application/x-protobuf',
      'user-agent': 'anomalog',
    };
    if (config.compression === 'gzip') this.headers['content-encoding'] = 'gzip';
  }

  async send(batch: ExportRecord[]): Promise<SendResult> {
    const encoded = encodeExportLogsRequest(regroup(batch));
    const body = this.config.compression === 'gzip' ? gzipSync(encoded) : encoded;
    const response = await postBatch(this.config.endpoint, this.headers, body, this.config.timeoutMs);
    if (!(response instanceof Response)) return response;
    const bytes = new Uint8Array(await response.arrayBuffer().catch(() => new ArrayBuffer(0)));
    const isProto = (response.headers.get('content-type') ?? '').includes('protobuf');
    if (response.ok) {
      const partial = isProto ? safe(() => readPartialSuccess(bytes)) : undefined;
      return { kind: 'ok', rejected: partial?.rejected ?? 0, message: partial?.message };
    }
    const message = isProto ? '' : Buffer.from(bytes.subarray(0, 500)).toString('utf8');
    if (isRetryableHttpStatus(response.status)) {
      // The spec puts the delay in Retry-After; a Status body may also carry RetryInfo.
      const retryAfterMs =
        parseRetryAfter(response.headers.get('retry-after')) ?? (isProto ? safe(() => readRetryDelayMs(bytes)) : undefined);
      return { kind: 'retryable', reason: `http_${response.status}`, retryAfterMs, message };
    }
    // The OTLP spec: every other 4xx/5xx must not be retried.
    return { kind: 'fatal', reason: `http_${response.status}`, message };
  }

  async close(): Promise<void> {}
}

function safe<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
