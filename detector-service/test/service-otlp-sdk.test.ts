/**
 * End to end with real parts: an application using the official OpenTelemetry JS SDK exporters
 * (gRPC, HTTP protobuf, HTTP JSON) sends logs to `serve`'s receivers; every record is scored and
 * leaves through each exporter (Loki push, OTLP gRPC forward, JSONL file) with the anomalog
 * attributes; metrics and the admin API reflect what was seen.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_CLASSES } from '@anomalog/collector-processor';
import { startHarness, waitFor, type Harness } from './helpers/service-harness.js';
import { emitThroughSdk, sdkExporter, type SdkTransport } from './helpers/sdk-send.js';
import { lokiEntries } from './helpers/loki-decode.js';
import { gunzipSync } from 'node:zlib';
import { decodeExportLogsRequest } from '../src/otlp/proto-decode-logs.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

function jsonlRecords(service: string): Record<string, unknown>[] {
  let text = '';
  try {
    text = readFileSync(h.jsonlPath, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((r) => r.service === service);
}

function forwarded(service: string): Record<string, unknown>[] {
  return h.forward.received.flatMap((d) =>
    d.resourceLogs
      .filter((rl) => rl.resource?.attributes.some((a) => a.key === 'service.name' && a.value === service))
      .flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords.map((r) => Object.fromEntries(r.attributes.map((a) => [a.key, a.value]))))),
  );
}

/** Records that reached the OTLP/HTTP forward target, decoded from the captured requests. */
function forwardedOverHttp(service: string): Record<string, unknown>[] {
  return h.otlpHttp.requests.flatMap((req) =>
    decodeExportLogsRequest(gunzipSync(req.body))
      .resourceLogs.filter((rl) => rl.resource?.attributes.some((a) => a.key === 'service.name' && a.value === service))
      .flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords.map((r) => Object.fromEntries(r.attributes.map((a) => [a.key, a.value]))))),
  );
}

async function lokiFor(service: string) {
  return (await lokiEntries(h.loki.requests.map((r) => r.body))).filter((e) => e.labels.service_name === service);
}

const NORMAL = 400;
const INCIDENT = 5;

describe.each<SdkTransport>(['grpc', 'http-protobuf', 'http-json'])('OTel SDK over %s through serve', (transport) => {
  const service = `shop-${transport}`;

  it('scores every record and exports it enriched through Loki, OTLP gRPC and HTTP forward, and JSONL', async () => {
    const sent = await emitThroughSdk(sdkExporter(transport, h), { service, normal: NORMAL, incident: INCIDENT, startMs: Date.UTC(2026, 10, 24, 8) });

    await waitFor(
      async () =>
        jsonlRecords(service).length === sent &&
        forwarded(service).length === sent &&
        forwardedOverHttp(service).length === sent &&
        (await lokiFor(service)).length === sent,
      20_000,
      'all exporters',
    );

    // JSONL: every record has every anomalog attribute with its contract type.
    const lines = jsonlRecords(service);
    for (const line of lines) {
      const a = line.attributes as Record<string, unknown>;
      expect(typeof a['anomalog.score']).toBe('number');
      expect(a['anomalog.score']).toBeGreaterThanOrEqual(0);
      expect(a['anomalog.score']).toBeLessThanOrEqual(1);
      expect(typeof a['anomalog.is_anomaly']).toBe('boolean');
      expect(LOG_CLASSES).toContain(a['anomalog.class']);
      expect(typeof a['anomalog.class_confidence']).toBe('number');
      expect(a['anomalog.template']).toMatch(/\S/);
      expect(a['anomalog.template_id']).toMatch(/\S/);
      expect(Array.isArray(a['anomalog.reasons'])).toBe(true);
    }
    // The app's own attributes pass through untouched.
    expect((lines[0].attributes as Record<string, unknown>)['client.address']).toMatch(/^10\.0\.0\./);
    // The never-seen failure at the end is flagged; the steady traffic is not flagged wholesale.
    const incident = lines.filter((l) => String(l.body).startsWith('kernel: I/O error'));
    expect(incident).toHaveLength(INCIDENT);
    expect((incident[0].attributes as Record<string, unknown>)['anomalog.is_anomaly']).toBe(true);
    const normalFlagged = lines.filter((l) => !String(l.body).startsWith('kernel') && (l.attributes as Record<string, unknown>)['anomalog.is_anomaly'] === true);
    expect(normalFlagged.length).toBeLessThan(NORMAL * 0.1);

    // OTLP forward: same records, same attributes as typed OTLP values.
    const fwd = forwarded(service);
    expect(fwd.filter((a) => a['anomalog.is_anomaly'] === true).length).toBe(lines.filter((l) => (l.attributes as Record<string, unknown>)['anomalog.is_anomaly'] === true).length);
    expect(fwd.every((a) => typeof a['anomalog.score'] === 'number' && typeof a['anomalog.template_id'] === 'string')).toBe(true);
    const overHttp = forwardedOverHttp(service);
    expect(overHttp.map((a) => a['anomalog.template_id'])).toEqual(fwd.map((a) => a['anomalog.template_id']));
    expect(overHttp.filter((a) => a['anomalog.is_anomaly'] === true).length).toBe(fwd.filter((a) => a['anomalog.is_anomaly'] === true).length);

    // Loki: bounded labels, the rest in structured metadata.
    const loki = await lokiFor(service);
    for (const e of loki) {
      expect(Object.keys(e.labels).sort()).toEqual(['anomalog_class', 'anomaly', 'level', 'service_name']);
      expect(e.meta.anomalog_template_id).toMatch(/\S/);
      expect(Number(e.meta.anomalog_score)).toBeGreaterThanOrEqual(0);
    }
    const lokiIncident = loki.filter((e) => e.line.startsWith('kernel: I/O error'));
    expect(lokiIncident.every((e) => e.labels.level === 'fatal')).toBe(true);
    expect(lokiIncident[0].labels.anomaly).toBe('true');
    expect(loki.filter((e) => e.labels.anomaly === 'true').length).toBe(fwd.filter((a) => a['anomalog.is_anomaly'] === true).length);
  });
});

describe('metrics and admin API after the SDK traffic', () => {
  it('counts records and anomalies per service, per transport, with the service graph', async () => {
    const text = await (await fetch(`${h.admin}/metrics`)).text();
    const value = (pattern: RegExp): number => Number(pattern.exec(text)?.[1] ?? NaN);
    expect(value(/^anomalog_records_received_total\{transport="grpc"\} (\d+)/m)).toBe(NORMAL + INCIDENT);
    expect(value(/^anomalog_records_accepted_total\{transport="http"\} (\d+)/m)).toBe(2 * (NORMAL + INCIDENT));
    const scored = [...text.matchAll(/^anomalog_records_total\{service="shop-grpc",class="[a-z_]+"\} (\d+)/gm)].reduce((s, m) => s + Number(m[1]), 0);
    expect(scored).toBe(NORMAL + INCIDENT);
    expect(text).toMatch(/^anomalog_anomalies_total\{service="shop-grpc",class="[a-z_]+"\} [1-9]/m);
    expect(text).toMatch(/^anomalog_score_bucket\{le="1",service="shop-grpc"\} 405$/m);
    expect(value(/^anomalog_templates\{service="shop-grpc"\} (\d+)/m)).toBeGreaterThan(0);
    expect(text).toMatch(/^anomalog_new_templates_total\{service="shop-grpc",severity="FATAL"\} [1-9]/m);
    // client IP → service, user → service, service → peer.service
    expect(value(/^anomalog_service_graph_request_total\{client="10\.0\.0\.1",server="shop-grpc"\} (\d+)/m)).toBe(NORMAL / 2 / 5 + INCIDENT);
    expect(value(/^anomalog_service_graph_request_total\{client="user:u0",server="shop-grpc"\} (\d+)/m)).toBeGreaterThan(0);
    expect(value(/^anomalog_service_graph_request_total\{client="shop-grpc",server="inventory"\} (\d+)/m)).toBe(NORMAL / 2);
    expect(value(/^anomalog_service_graph_request_anomalous_total\{client="10\.0\.0\.1",server="shop-grpc"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^anomalog_exporter_sent_total\{exporter="loki"\} (\d+)/m)).toBe(3 * (NORMAL + INCIDENT));
    expect(value(/^anomalog_exporter_sent_total\{exporter="otlphttp"\} (\d+)/m)).toBe(3 * (NORMAL + INCIDENT));
    expect(value(/^anomalog_exporter_queue_capacity\{exporter="otlpgrpc"\} (\d+)/m)).toBe(50_000);
    expect(value(/^anomalog_label_values_limit\{label="service"\} (\d+)/m)).toBe(200);
  });

  it('serves probes, templates, recent anomalies and the node graph', async () => {
    expect((await fetch(`${h.admin}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.admin}/readyz`)).status).toBe(200);

    const templates = (await (await fetch(`${h.admin}/api/v1/templates?service=shop-grpc`)).json()) as {
      services: { service: string; templates: { id: string; template: string; count: number }[] }[];
    };
    expect(templates.services).toHaveLength(1);
    const counts = templates.services[0].templates.reduce((s, t) => s + t.count, 0);
    expect(counts).toBe(NORMAL + INCIDENT);
    expect(templates.services[0].templates.some((t) => t.template.startsWith('kernel: I/O error'))).toBe(true);

    const anomalies = (await (await fetch(`${h.admin}/api/v1/anomalies?limit=500`)).json()) as {
      anomalies: { service: string; message: string; score: number; reasons: string[] }[];
    };
    const incident = anomalies.anomalies.filter((a) => a.message.startsWith('kernel: I/O error'));
    expect(incident.length).toBeGreaterThanOrEqual(3);
    expect(incident[0].reasons.length).toBeGreaterThan(0);

    const graph = (await (await fetch(`${h.admin}/api/v1/graph`)).json()) as {
      nodes: { id: string; subtitle: string; arc__normal: number; arc__anomalous: number; mainstat: number }[];
      edges: { id: string; source: string; target: string; mainstat: number }[];
    };
    const ids = new Set(graph.nodes.map((n) => n.id));
    for (const id of ['shop-grpc', 'inventory', '10.0.0.1', 'user:u0']) expect(ids).toContain(id);
    for (const e of graph.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
    for (const n of graph.nodes) expect(n.arc__normal + n.arc__anomalous).toBeCloseTo(1);
    expect(graph.edges.find((e) => e.id === 'shop-grpc->inventory')?.mainstat).toBe(NORMAL / 2);
    expect(Object.fromEntries(graph.nodes.map((n) => [n.id, n.subtitle]))).toMatchObject({ 'shop-grpc': 'service', '10.0.0.1': 'ip', 'user:u0': 'user' });
  });
});
