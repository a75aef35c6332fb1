/**
 * Security of the real `anomalog serve` process, configured as an operator would: the bearer
 * token from ANOMALOG_AUTH_TOKEN (every listener), the admin API bound to its own address apart
 * from the receivers, logs at trace level. Without the token (or with a wrong one) every listener
 * refuses; the probes stay open (the documented default); each listener is reachable only on its
 * own address; and neither the token nor a wrong guess at it appears anywhere in the service's
 * own output (its logs, its metrics, its status, the exported records).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServeProcess } from '../src/bench/serve-process.js';
import { grpcExport, idRequest, protobuf, startServe, until } from './reliability-helpers.js';

const TOKEN = 'rel-Secret-7f3a9c2e51d84b06';
const WRONG = 'rel-Guess-0b1c2d3e4f5a6978';

let service: ServeProcess | undefined;
afterEach(async () => {
  await service?.kill9();
  service = undefined;
});

function bearer(token?: string): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

const headers = (token?: string): Record<string, string> => (token === undefined ? {} : { authorization: `Bearer ${token}` });

/** Whether anything accepts a TCP connection at host:port. */
async function connects(host: string, port: number): Promise<boolean> {
  try {
    await fetch(`http://${host}:${port}/healthz`, { signal: AbortSignal.timeout(3000) });
    return true;
  } catch (err) {
    return !/ECONNREFUSED/.test(String((err as { cause?: unknown }).cause ?? err));
  }
}

describe('anomalog serve security', () => {
  it('refuses every listener without the token, binds the admin API apart, and never logs the token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anomalog-security-'));
    const out = join(dir, 'records.jsonl');
    // 127.0.0.2 is loopback too on Linux: the admin API gets an address of its own.
    service = await startServe({
      env: { ANOMALOG_AUTH_TOKEN: TOKEN },
      adminEndpoint: '127.0.0.2:0',
      logLevel: 'trace',
      sets: ['state.enabled=false', `exporters.jsonl.path=${out}`],
    });
    const s = service;
    expect(s.admin).toBe(`http://127.0.0.2:${s.adminPort}`);
    // Each listener only on its own address.
    expect(await connects('127.0.0.1', s.adminPort)).toBe(false);
    expect(await connects('127.0.0.2', s.httpPort)).toBe(false);

    // OTLP/gRPC
    const client = new grpc.Client(`127.0.0.1:${s.grpcPort}`, grpc.credentials.createInsecure());
    const body = protobuf(idRequest('sec', 3).data);
    expect((await grpcExport(client, body)).code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await grpcExport(client, body, bearer(WRONG))).code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await grpcExport(client, body, bearer(TOKEN))).code).toBe(grpc.status.OK);
    client.close();

    // OTLP/HTTP, protobuf and JSON
    const post = (contentType: string, token?: string) =>
      fetch(`http://127.0.0.1:${s.httpPort}/v1/logs`, {
        method: 'POST',
        headers: { 'content-type': contentType, ...headers(token) },
        body: contentType === 'application/json' ? JSON.stringify({ resourceLogs: [] }) : body,
      });
    for (const type of ['application/x-protobuf', 'application/json']) {
      expect((await post(type)).status).toBe(401);
      expect((await post(type, WRONG)).status).toBe(401);
      expect((await post(type, TOKEN)).status).toBe(200);
    }

    // Admin API: everything but the probes needs the token.
    for (const path of ['/metrics', '/api/v1/status', '/api/v1/templates', '/api/v1/anomalies', '/api/v1/graph']) {
      expect((await fetch(`${s.admin}${path}`)).status, path).toBe(401);
      expect((await fetch(`${s.admin}${path}`, { headers: headers(WRONG) })).status, path).toBe(401);
      expect((await fetch(`${s.admin}${path}`, { headers: headers(TOKEN) })).status, path).toBe(200);
    }
    expect((await fetch(`${s.admin}/healthz`)).status).toBe(200);
    expect((await fetch(`${s.admin}/readyz`)).status).toBe(200);

    const metrics = await (await fetch(`${s.admin}/metrics`, { headers: headers(TOKEN) })).text();
    const status = await (await fetch(`${s.admin}/api/v1/status`, { headers: headers(TOKEN) })).text();
    expect(metrics).toMatch(/^anomalog_records_accepted_total\{/m);

    // The accepted records reach the export file; then stop and read everything the service wrote.
    await until(() => {
      try {
        return readFileSync(out, 'utf8').split('\n').filter(Boolean).length === 6;
      } catch {
        return false;
      }
    }, 'the six accepted records exported');
    expect(await s.stop()).toBe(0);
    const logs = s.stderr();
    expect(logs).toMatch(/anomalog stopped/);
    expect(logs).toMatch(/anomalog is ready/);
    for (const [what, text] of [['logs', logs], ['metrics', metrics], ['status', status], ['export', readFileSync(out, 'utf8')]]) {
      expect(text.includes(TOKEN), `${what} contain the token`).toBe(false);
      expect(text.includes(WRONG), `${what} contain the wrong token`).toBe(false);
    }
  });
});
