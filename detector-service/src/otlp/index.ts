export { OtlpDecodeError, DEFAULT_MAX_NESTING_DEPTH, type DecodeOptions } from './decode-error.js';
export { decodeExportLogsRequest } from './proto-decode-logs.js';
export { encodeExportLogsRequest } from './proto-encode-logs.js';
export { decodeExportLogsJson } from './json-decode-logs.js';
export { encodeExportLogsJson } from './json-encode-logs.js';
export { ProtoWriter } from './proto-writer.js';
export {
  GRPC_CODE,
  RETRY_INFO_TYPE_URL,
  encodeExportLogsResponse,
  encodeRpcStatus,
  exportLogsResponseJson,
  rpcStatusJson,
  type PartialSuccess,
} from './proto-status.js';
