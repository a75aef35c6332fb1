import { ProtoWriter } from './proto-writer.js';

/** gRPC status codes used by the receivers (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
export const GRPC_CODE = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

export const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';

export interface PartialSuccess {
  rejectedLogRecords: number;
  errorMessage: string;
}

/**
 * ExportLogsServiceResponse. Per the OTLP spec a fully successful export leaves partial_success
 * unset, so `undefined` encodes to zero bytes.
 */
export function encodeExportLogsResponse(partialSuccess: PartialSuccess | undefined): Uint8Array {
  const writer = new ProtoWriter(64 + (partialSuccess?.errorMessage.length ?? 0) * 3);
  if (partialSuccess !== undefined) {
    writer.beginMessage(1);
    if (partialSuccess.rejectedLogRecords !== 0) {
      writer.tag(1, 0);
      writer.int64(BigInt(partialSuccess.rejectedLogRecords));
    }
    if (partialSuccess.errorMessage !== '') {
      writer.tag(2, 2);
      writer.string(partialSuccess.errorMessage);
    }
    writer.endMessage();
  }
  return writer.finish();
}

/**
 * google.rpc.Status { code, message, details: [Any] }, with an optional google.rpc.RetryInfo
 * detail (google.protobuf.Duration retry_delay). Sent as `grpc-status-details-bin` and as the
 * body of OTLP/HTTP error responses.
 */
export function encodeRpcStatus(code: number, message: string, retryAfterSeconds?: number): Uint8Array {
  const writer = new ProtoWriter(128 + message.length * 3);
  if (code !== 0) {
    writer.tag(1, 0);
    writer.int32(code);
  }
  if (message !== '') {
    writer.tag(2, 2);
    writer.string(message);
  }
  if (retryAfterSeconds !== undefined) {
    writer.beginMessage(3); // details: Any
    writer.tag(1, 2);
    writer.string(RETRY_INFO_TYPE_URL);
    writer.beginMessage(2); // Any.value: RetryInfo bytes
    writer.beginMessage(1); // RetryInfo.retry_delay: Duration
    const whole = Math.floor(retryAfterSeconds);
    const nanos = Math.round((retryAfterSeconds - whole) * 1e9);
    if (whole !== 0) {
      writer.tag(1, 0);
      writer.int64(BigInt(whole));
    }
    if (nanos !== 0) {
      writer.tag(2, 0);
      writer.int32(nanos);
    }
    writer.endMessage();
    writer.endMessage();
    writer.endMessage();
  }
  return writer.finish();
}

/** The OTLP/JSON form of google.rpc.Status for HTTP error bodies. */
export function rpcStatusJson(code: number, message: string, retryAfterSeconds?: number): string {
  const status: Record<string, unknown> = { code, message };
  if (retryAfterSeconds !== undefined) {
    status.details = [{ '@type': RETRY_INFO_TYPE_URL, retryDelay: `${retryAfterSeconds}s` }];
  }
  return JSON.stringify(status);
}

/** The OTLP/JSON form of ExportLogsServiceResponse. */
export function exportLogsResponseJson(partialSuccess: PartialSuccess | undefined): string {
  if (partialSuccess === undefined) return '{}';
  return JSON.stringify({
    partialSuccess: {
      rejectedLogRecords: String(partialSuccess.rejectedLogRecords),
      errorMessage: partialSuccess.errorMessage,
    },
  });
}
