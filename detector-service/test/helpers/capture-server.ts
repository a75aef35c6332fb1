/** A local HTTP server that records every request and answers from a script (tests only). */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export class CaptureServer {
  readonly requests: Captured[] = [];
  private server: Server | undefined;
  /** Decides the answer to each request; 204 by default. */
  respond: (req: Captured, index: number) => Reply = () => ({ status: 204 });
  /** Milliseconds to wait before answering each request. */
  delayMs = 0;
  onRequestStart: () => void = () => undefined;
  onRequestEnd: () => void = () => undefined;

  /** Listens on `port` (0: any free port); a stopped server can start again on its old port. */
  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      this.onRequestStart();
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const captured = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
        const reply = this.respond(captured, this.requests.length);
        this.requests.push(captured);
        setTimeout(() => {
          this.onRequestEnd();
          res.writeHead(reply.status, reply.headers);
          res.end(reply.body);
        }, this.delayMs);
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
