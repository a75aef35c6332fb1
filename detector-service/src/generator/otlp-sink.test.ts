import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { exporterUrl, OtlpSink } from './otlp-sink.js';
import { generateScenario } from './scenario.js';

interface JsonLogs {
  resourceLogs: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeLogs: Array<{ logRecords: Array<{ traceId?: string; spanId?: string; body?: { stringValue?: string }; timeUnixNano?: string; attributes?: Array<{ key: string }> }> }>;
  }>;
}

/** A minimal OTLP/HTTP JSON receiver: collects every request body it is sent. */
async function startReceiver(): Promise<{ url: string; requests: JsonLogs[]; close(): Promise<void>; server: Server }> {
  const requests: JsonLogs[] = [];
  const read = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => resolve(body));
    });
  const server = createServer((req, res) => {
    void read(req).then((body) => {
      if (req.method !== 'POST' || req.url !== '/v1/logs' || !String(req.headers['content-type']).includes('application/json')) {
        res.writeHead(404).end();
        return;
      }
      requests.push(JSON.parse(body) as JsonLogs);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, server, close: () => new Promise((r) => server.close(() => r())) };
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('OtlpSink', () => {
  it('delivers every record through the OpenTelemetry SDK over OTLP/HTTP JSON, one resource per service', async () => {
    const receiver = await startReceiver();
    cleanup = receiver.close;
    const records = [...generateScenario({ seed: 4, records: 3000, anomalies: [] })];
    const sink = new OtlpSink({ protocol: 'http-json', endpoint: receiver.url, includeTruth: true });
    for (const r of records) {
      sink.emit(r);
      await sink.flushIfDue(1000);
    }
    await sink.shutdown();

    expect(sink.delivery).toMatchObject({ exported: records.length, failed: 0 });
    const received = receiver.requests.flatMap((req) => req.resourceLogs);
    const logs = received.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords));
    expect(logs).toHaveLength(records.length);
    for (const rl of received) {
      const name = rl.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
      const bodies = rl.scopeLogs.flatMap((sl) => sl.logRecords.map((l) => l.body?.stringValue));
      const expected = new Set(records.filter((r) => r.service === name).map((r) => r.body));
      for (const b of bodies) expect(expected.has(b ?? '')).toBe(true);
    }
    const withTrace = records.find((r) => r.traceId !== '');
    const sent = logs.find((l) => l.body?.stringValue === withTrace?.body);
    expect(sent?.traceId?.toLowerCase()).toBe(withTrace?.traceId);
    expect(sent?.spanId?.toLowerCase()).toBe(withTrace?.spanId);
    expect(sent?.attributes?.some((a) => a.key === 'test.label')).toBe(true);
  });

  it('counts what the exporter could not deliver (the SDK itself only logs it)', async () => {
    const receiver = await startReceiver();
    await receiver.close(); // nothing listens on this port any more
    const sink = new OtlpSink({ protocol: 'http-json', endpoint: receiver.url });
    for (const r of generateScenario({ seed: 4, records: 50 })) sink.emit(r);
    await sink.shutdown();
    expect(sink.delivery.exported).toBe(0);
    expect(sink.delivery.failed).toBe(50);
    expect(sink.delivery.lastError).toMatch(/ECONNREFUSED/);
  });

  it('builds the exporter URL per protocol', () => {
    expect(exporterUrl('http-json', 'http://collector:4318')).toBe('http://collector:4318/v1/logs');
    expect(exporterUrl('http', 'http://collector:4318/custom/logs')).toBe('http://collector:4318/custom/logs');
    expect(exporterUrl('grpc', 'http://collector:4317/')).toBe('http://collector:4317');
    expect(() => new OtlpSink({ protocol: 'grpc', endpoint: 'not a url' })).toThrow();
  });
});
