/**
 * The metrics and admin listener (port 9464): /metrics, /healthz, /readyz and the JSON API under
 * /api/v1 (templates per service, recent anomalies, the service graph as node-graph frames).
 * Optional bearer-token auth (probes may stay open) and TLS.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { bearerTokenChecker } from '../receivers/bearer-auth.js';
import type { Logger } from '../logger.js';
import type { AnomalyRing } from './anomaly-ring.js';
import type { TemplateEntry } from './template-catalog.js';
import type { ServiceGraph } from '../metrics/service-graph.js';
import { ScoringThreadRestartingError } from '../pipeline/scoring-thread.js';

export interface AdminSources {
  registry: Registry;
  /** Brings figures kept elsewhere (the scoring thread's) up to date before a scrape. */
  beforeScrape?(): Promise<void>;
  /**
   * Services with their templates, busiest first (the catalog lives where scoring runs). While
   * the scoring thread restarts, it rejects with ScoringThreadRestartingError: 503, retry in 1 s.
   */
  templates(service: string | undefined, limit: number): Promise<{ service: string; templateCount: number; templates: TemplateEntry[] }[]>;
  anomalies: AnomalyRing;
  graph: ServiceGraph;
  /** True once state is restored and the receivers listen. */
  isReady(): boolean;
  /** Engine-wide figures for /api/v1/status. */
  status(): Promise<Record<string, unknown>>;
}

export interface AdminOptions {
  host: string;
  port: number;
  bearerToken?: string;
  probesWithoutAuth: boolean;
  tls?: { cert: Buffer; key: Buffer; ca?: Buffer };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

function intParam(url: URL, name: string, fallback: number, max: number): number {
  const raw = url.searchParams.get(name);
  const n = raw === null ? fallback : Number.parseInt(raw, 10);
  return Number.isFinite(n) && n > 0 ? Math.min(n, max) : fallback;
}

export class AdminServer {
  private server: Server | undefined;
  private readonly isAuthorized: ((h: string | undefined) => boolean) | undefined;

  constructor(
    private readonly options: AdminOptions,
    private readonly sources: AdminSources,
    private readonly log: Logger,
  ) {
    this.isAuthorized = options.bearerToken ? bearerTokenChecker(options.bearerToken) : undefined;
  }

  async start(): Promise<AddressInfo> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      this.handle(req, res).catch((err: unknown) => {
        if (err instanceof ScoringThreadRestartingError && !res.headersSent) {
          sendJson(res, 503, { error: err.message }, { 'retry-after': '1' });
          return;
        }
        this.log.error({ err, url: req.url }, 'admin request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
        else res.destroy();
      });
    };
    const { tls } = this.options;
    this.server = tls
      ? createHttpsServer({ cert: tls.cert, key: tls.key, ca: tls.ca, requestCert: tls.ca !== undefined }, handler)
      : createHttpServer(handler);
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return server.address() as AddressInfo;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://admin');
    const path = url.pathname;
    const isProbe = path === '/healthz' || path === '/readyz';
    if (this.isAuthorized && !(isProbe && this.options.probesWithoutAuth) && !this.isAuthorized(req.headers.authorization)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'unauthenticated' }));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: 'method not allowed' });
      return;
    }
    const { sources } = this;
    switch (path) {
      case '/metrics': {
        await sources.beforeScrape?.();
        const text = await sources.registry.metrics();
        res.writeHead(200, { 'content-type': sources.registry.contentType });
        res.end(text);
        return;
      }
      case '/healthz':
        sendJson(res, 200, { status: 'ok' });
        return;
      case '/readyz':
        if (sources.isReady()) sendJson(res, 200, { status: 'ready' });
        else sendJson(res, 503, { status: 'starting' });
        return;
      case '/api/v1/status':
        sendJson(res, 200, await sources.status());
        return;
      case '/api/v1/templates': {
        const service = url.searchParams.get('service') ?? undefined;
        sendJson(res, 200, { services: await sources.templates(service, intParam(url, 'limit', 100, 100_000)) });
        return;
      }
      case '/api/v1/anomalies': {
        const service = url.searchParams.get('service') ?? undefined;
        sendJson(res, 200, { anomalies: sources.anomalies.list(intParam(url, 'limit', 100, sources.anomalies.capacity), service) });
        return;
      }
      case '/api/v1/graph':
        sendJson(res, 200, sources.graph.toNodeGraph());
        return;
      default:
        sendJson(res, 404, {
          error: 'not found',
          paths: ['/metrics', '/healthz', '/readyz', '/api/v1/status', '/api/v1/templates', '/api/v1/anomalies', '/api/v1/graph'],
        });
    }
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
