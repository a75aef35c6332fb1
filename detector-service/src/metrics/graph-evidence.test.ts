import { describe, expect, it } from 'vitest';
import type { KeyValue, LogsData, RecordVerdict, ResourceLogs } from '@anomalog/collector-processor';
import { exportRecord, resourceFor, scopeFor } from '../../test/helpers/records.js';
import { ServiceGraph } from './service-graph.js';
import { ServiceMetrics } from './service-metrics.js';

const PARENT_SPAN = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);

/**
 * One request from three services: client addresses, users, peer.service read both ways, a
 * child record linked to its parent span logged by another service, and anomalies among them.
 */
function request(leadingPlainRecords = 0): { data: LogsData; verdicts: RecordVerdict[] } {
  const verdicts: RecordVerdict[] = [];
  const resourceLogs: ResourceLogs[] = [];
  const add = (service: string, records: { attributes: KeyValue[]; isAnomaly?: boolean; spanId?: Uint8Array }[]): void => {
    const rl = resourceFor(service);
    const scope = scopeFor(rl);
    resourceLogs.push(rl);
    for (const r of records) verdicts.push(exportRecord({ service, body: 'call', timeMs: 1000, ...r }, rl, scope).verdict);
  };
  add('web', [
    ...Array.from({ length: leadingPlainRecords }, () => ({ attributes: [], isAnomaly: true })),
    // A parent span id (of a span not seen) turns span memory on for what follows.
    { attributes: [{ key: 'client.address', value: '10.0.0.1:4000' }, { key: 'parent_span_id', value: '0a0a0a0a0a0a0a0a' }] },
    { attributes: [{ key: 'client.address', value: '10.0.0.1' }, { key: 'enduser.id', value: 'alice' }], isAnomaly: true },
    { attributes: [{ key: 'peer.service', value: 'payments' }, { key: 'server.address', value: 'payments' }], spanId: PARENT_SPAN, isAnomaly: true },
    { attributes: [{ key: 'peer.service', value: 'frontend' }, { key: 'span.kind', value: 'server' }] },
  ]);
  add('payments', [
    { attributes: [{ key: 'peer.service', value: 'web' }, { key: 'span.kind', value: 'server' }], isAnomaly: true },
    { attributes: [{ key: 'enduser.id', value: 'alice' }] },
  ]);
  add('cart', [{ attributes: [{ key: 'parent_span_id', value: '0102030405060708' }], isAnomaly: true }]);
  return { data: { resourceLogs }, verdicts };
}

function graphWithMetrics(): { graph: ServiceGraph; metrics: ServiceMetrics } {
  const metrics = new ServiceMetrics({ labelValuesLimit: 50, processMetrics: false });
  return { graph: new ServiceGraph({ maxSpans: 100, windowSeconds: 60, maxEdges: 100, peerServiceDirection: 'callee' }, metrics), metrics };
}

async function edgeCounters(metrics: ServiceMetrics): Promise<string[]> {
  const text = await metrics.registry.metrics();
  return text
    .split('\n')
    .filter((line) => line.startsWith('anomalog_service_graph_request'))
    .sort();
}

function byId<T extends { id: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.id.localeCompare(b.id));
}

describe('service graph evidence collected at receipt', () => {
  it('counts the same nodes, edges and Prometheus edge counters as observing the scored request', async () => {
    const whole = graphWithMetrics();
    // Records without evidence first: the two requests' edges come from different record indexes.
    const first = request(3);
    const second = request();
    whole.graph.observe(first.data, first.verdicts, 1000);
    whole.graph.observe(second.data, second.verdicts, 1001);

    const split = graphWithMetrics();
    const a = request(3);
    const b = request();
    // As in the service: the next request arrives before the first one's verdicts are back.
    const evidenceA = split.graph.collect(a.data, 1000);
    const evidenceB = split.graph.collect(b.data, 1001);
    split.graph.observeEvidence(evidenceA, a.verdicts, 1000);
    split.graph.observeEvidence(evidenceB, b.verdicts, 1001);

    const expected = whole.graph.toNodeGraph();
    const actual = split.graph.toNodeGraph();
    expect(byId(actual.edges)).toEqual(byId(expected.edges));
    expect(byId(actual.nodes)).toEqual(byId(expected.nodes));
    expect(await edgeCounters(split.metrics)).toEqual(await edgeCounters(whole.metrics));

    // And what both count is right: every kind of evidence made its edge, twice.
    expect(byId(actual.edges).map((e) => `${e.id} ${e.mainstat}/${e.secondarystat}`)).toEqual([
      '10.0.0.1->web 4/2',
      'frontend->web 2/0',
      'user:alice->payments 2/0',
      'user:alice->web 2/2',
      'web->cart 2/2',
      'web->payments 4/4',
    ]);
    expect(actual.nodes.find((n) => n.id === 'payments')).toMatchObject({ mainstat: 6, secondarystat: 4 });
    expect(actual.nodes.find((n) => n.id === 'web')).toMatchObject({ mainstat: 15, secondarystat: 11 });
  });

  it('holds no object of the request: only numbers, strings and an index array', () => {
    const { graph } = graphWithMetrics();
    const { data } = request();
    const evidence = graph.collect(data, 1000);
    expect(evidence.records).toBe(7);
    expect(evidence.edges).toBe(8);
    expect(evidence.edgeRecord).toBeInstanceOf(Int32Array);
    // The second record names a client and a user; the last is linked to the third's span.
    expect([...evidence.edgeRecord.subarray(0, evidence.edges)]).toEqual([0, 1, 1, 2, 3, 4, 5, 6]);
    expect(evidence.edgeClient.slice(0, evidence.edges)).toEqual(['10.0.0.1', '10.0.0.1', 'user:alice', 'web', 'frontend', 'web', 'user:alice', 'web']);
    expect(evidence.edgeServer.slice(0, evidence.edges)).toEqual(['web', 'web', 'web', 'payments', 'web', 'payments', 'payments', 'cart']);
    for (const [key, value] of Object.entries(evidence)) {
      if (key === 'edgeRecord') continue;
      if (typeof value === 'number') continue;
      expect(Array.isArray(value), key).toBe(true);
      expect((value as unknown[]).every((v) => typeof v === 'string'), key).toBe(true);
    }
    expect(Object.keys(evidence).sort()).toEqual(['edgeClient', 'edgeRecord', 'edgeServer', 'edges', 'records']);
  });
});
