/**
 * A stand-in for Loki's push endpoint in the benchmarks: it reads each push whole and answers
 * 204, as Loki does, so the service's Loki exporter (selectors, metadata, logproto encoding,
 * snappy, HTTP) is measured without a Loki server on the machine. It decodes nothing: what it
 * costs is reading the bytes, as any receiving end would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LokiPushSink {
  /** The push URL to configure as a Loki exporter's endpoint. */
  endpoint: string;
  close(): Promise<void>;
}

export async function startLokiPushSink(): Promise<LokiPushSink> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/loki/api/v1/push`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
