import * as grpc from '@grpc/grpc-js';
import { Agent, request } from 'node:http';
import { LOGS_EXPORT_PATH } from '../receivers/grpc-receiver.js';

export type LoadTransport = 'grpc' | 'http-protobuf' | 'http-json';

/** How the service answered one export request. */
export type SendResult = 'ok' | 'backpressure' | 'error';

export interface LoadClient {
  send(payload: Uint8Array): Promise<SendResult>;
  close(): void;
}

/** An OTLP client as a collector's exporter behaves: keep-alive connections, raw payloads. */
export function createLoadClient(transport: LoadTransport, host: string, port: number, connections: number): LoadClient {
  if (transport === 'grpc') return grpcClient(host, port, connections);
  return httpClient(transport === 'http-json' ? 'application/json' : 'application/x-protobuf', host, port, connections);
}

function grpcClient(host: string, port: number, connections: number): LoadClient {
  // Several channels, as a collector with several consumers would open (one HTTP/2 connection each).
  const clients = Array.from(
    { length: Math.max(1, Math.ceil(connections / 4)) },
    (_, i) => new grpc.Client(`${host}:${port}`, grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': -1, 'grpc.channel_id': i } as grpc.ChannelOptions),
  );
  let next = 0;
  return {
    send: (payload) =>
      new Promise((resolve) => {
        const client = clients[next++ % clients.length];
        client.makeUnaryRequest(
          LOGS_EXPORT_PATH,
          (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength),
          (b: Buffer) => b,
          payload,
          new grpc.Metadata(),
          (err) => resolve(err === null ? 'ok' : err.code === grpc.status.UNAVAILABLE || err.code === grpc.status.RESOURCE_EXHAUSTED ? 'backpressure' : 'error'),
        );
      }),
    close: () => clients.forEach((c) => c.close()),
  };
}

function httpClient(contentType: string, host: string, port: number, connections: number): LoadClient {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  return {
    send: (payload) =>
      new Promise((resolve) => {
        const req = request(
          { host, port, path: '/v1/logs', method: 'POST', agent, headers: { 'Content-Type': contentType, 'Content-Length': payload.length } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode === 200 ? 'ok' : res.statusCode === 503 || res.statusCode === 429 ? 'backpressure' : 'error'));
          },
        );
        req.on('error', () => resolve('error'));
        req.end(payload);
      }),
    close: () => agent.destroy(),
  };
}
