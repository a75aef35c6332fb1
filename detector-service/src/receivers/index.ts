export { createGrpcReceiver, LOGS_EXPORT_PATH } from './grpc-receiver.js';
export { createHttpReceiver, LOGS_HTTP_PATH } from './http-receiver.js';
export {
  DEFAULT_MAX_REQUEST_BYTES,
  NOOP_OBSERVER,
  type ListeningAddress,
  type Receiver,
  type ReceiverConfig,
  type ReceiverHooks,
  type ReceiverLogger,
  type ReceiverObserver,
  type ReceiverTlsConfig,
  type RefusalReason,
  type Transport,
} from './receiver-api.js';
