/**
 * Bearer-token auth and TLS on every listener of the assembled service, from configuration:
 * receivers and admin/metrics refuse requests without the token; probes stay open unless told
 * otherwise; with TLS configured, every listener speaks HTTPS / TLS gRPC with the given cert.
 */
import { execFileSync } from 'node:child_process';
import { request } from 'node:https';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/service-harness.js';

const running: Harness[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.stop()));
});

const EMPTY_JSON = JSON.stringify({ resourceLogs: [] });

describe('listener security from configuration', () => {
  it('requires the bearer token on the receivers and the admin API; probes stay open by default', async () => {
    const h = await startHarness({ withoutForward: true, sets: ['receivers.http.auth.bearerToken=tok-1', 'receivers.grpc.auth.bearerToken=tok-1', 'admin.auth.bearerToken=tok-2'] });
    running.push(h);
    const post = (auth?: string) =>
      fetch(`http://127.0.0.1:${h.httpPort}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: EMPTY_JSON });
    expect((await post()).status).toBe(401);
    expect((await post('Bearer wrong')).status).toBe(401);
    expect((await post('Bearer tok-1')).status).toBe(200);

    expect((await fetch(`${h.admin}/metrics`)).status).toBe(401);
    expect((await fetch(`${h.admin}/api/v1/anomalies`, { headers: { authorization: 'Bearer tok-1' } })).status).toBe(401);
    const metrics = await fetch(`${h.admin}/metrics`, { headers: { authorization: 'Bearer tok-2' } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/anomalog_records_refused_total\{transport="http",reason="unauthenticated"\} \d/);
    expect((await fetch(`${h.admin}/healthz`)).status).toBe(200);

    const client = new grpc.Client(`127.0.0.1:${h.grpcPort}`, grpc.credentials.createInsecure());
    const code = await new Promise<number>((resolve) =>
      client.makeUnaryRequest(
        '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.alloc(0),
        new grpc.Metadata(),
        (err) => resolve(err?.code ?? 0),
      ),
    );
    client.close();
    expect(code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it('can close the probes too', async () => {
    const h = await startHarness({ withoutForward: true, sets: ['admin.auth.bearerToken=tok', 'admin.probesWithoutAuth=false'] });
    running.push(h);
    expect((await fetch(`${h.admin}/readyz`)).status).toBe(401);
    expect((await fetch(`${h.admin}/readyz`, { headers: { authorization: 'Bearer tok' } })).status).toBe(200);
  });

  it('serves every listener over TLS with the configured certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anomalog-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const cert = readFileSync(join(dir, 'cert.pem'));
    const tls = (prefix: string) => [`${prefix}.tls.certFile=${join(dir, 'cert.pem')}`, `${prefix}.tls.keyFile=${join(dir, 'key.pem')}`];
    const h = await startHarness({ withoutForward: true, sets: [...tls('receivers.http'), ...tls('receivers.grpc'), ...tls('admin')] });
    running.push(h);

    const httpsGet = (port: number, path: string, method = 'GET', body?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, method, ca: cert, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    expect(await httpsGet(h.adminPort, '/metrics')).toBe(200);
    expect(await httpsGet(h.httpPort, '/v1/logs', 'POST', EMPTY_JSON)).toBe(200);
    // Plain HTTP is not answered as HTTP on a TLS listener.
    await expect(fetch(`http://127.0.0.1:${h.adminPort}/metrics`)).rejects.toThrow();

    const client = new grpc.Client(`localhost:${h.grpcPort}`, grpc.credentials.createSsl(cert));
    const code = await new Promise<number>((resolve) =>
      client.makeUnaryRequest(
        '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.alloc(0),
        new grpc.Metadata(),
        (err) => resolve(err?.code ?? 0),
      ),
    );
    client.close();
    expect(code).toBe(grpc.status.OK);
  });
});
