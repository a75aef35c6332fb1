import snappy from 'snappy';
import type { LokiExporterConfig } from '../../config/schema.js';
import type { ExportRecord, Sender, SendResult } from '../export-record.js';
import { anyValueToString, recordTimeNanos } from '../any-value.js';
import { isRetryableHttpStatus, parseRetryAfter } from '../retry.js';
import { encodePushRequest, type LokiEntry, type LokiStream } from './logproto.js';
import { lineWithLogfmt, recordMetadata, streamLabels } from './loki-fields.js';
import { authHeaders } from '../http-auth.js';
import { postBatch } from '../http-post.js';

/** Groups a batch into Loki streams by label set, entries in time order within each stream. */
export function buildStreams(batch: readonly ExportRecord[], structuredMetadata: boolean): LokiStream[] {
  const byLabels = new Map<string, LokiEntry[]>();
  for (const entry of batch) {
    const { record, verdict } = entry;
    const labels = streamLabels(verdict, record.severityText, record.severityNumber);
    const metadata = recordMetadata(entry);
    const body = anyValueToString(record.body);
    const lokiEntry: LokiEntry = {
      timeNanos: recordTimeNanos(record.timeUnixNano, record.observedTimeUnixNano, verdict.timeMs),
      line: structuredMetadata ? body : lineWithLogfmt(body, metadata),
      metadata: structuredMetadata ? metadata : [],
    };
    const entries = byLabels.get(labels);
    if (entries) entries.push(lokiEntry);
    else byLabels.set(labels, [lokiEntry]);
  }
  const streams: LokiStream[] = [];
  for (const [labels, entries] of byLabels) {
    entries.sort((a, b) => (a.timeNanos < b.timeNanos ? -1 : a.timeNanos > b.timeNanos ? 1 : 0));
    streams.push({ labels, entries });
  }
  return streams;
}

/** Loki push API: protobuf PushRequest, snappy block compressed. */
export class LokiSender implements Sender {
  private readonly headers: Record<string, string>;

  constructor(private readonly config: LokiExporterConfig) {
    this.headers = {
      ...config.headers,
      ...authHeaders(config.auth),
      'content-type': 'application/x-protobuf',
      'user-agent': 'anomalog',
    };
    if (config.tenantId) this.headers['x-scope-orgid'] = config.tenantId;
  }

  async send(batch: ExportRecord[]): Promise<SendResult> {
    const body = snappy.compressSync(encodePushRequest(buildStreams(batch, this.config.structuredMetadata)));
    const response = await postBatch(this.config.endpoint, this.headers, body, this.config.timeoutMs);
    if (!(response instanceof Response)) return response;
    const text = await response.text().catch(() => '');
    if (response.ok) return { kind: 'ok' };
    // Loki answers 429 when rate limited and 5xx when ingesters are unavailable: both pass.
    if (isRetryableHttpStatus(response.status) || response.status >= 500) {
      return {
        kind: 'retryable',
        reason: `http_${response.status}`,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
        message: text.slice(0, 500),
      };
    }
    // 400 (bad labels, too old, line too long) and auth failures do not improve on retry.
    return { kind: 'fatal', reason: `http_${response.status}`, message: text.slice(0, 500) };
  }

  async close(): Promise<void> {}
}
