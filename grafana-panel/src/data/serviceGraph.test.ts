import { toDataFrame } from '@grafana/data';
import { describe, expect, it } from 'vitest';
import { serviceGraphFrames } from '../../test/fixtures/queryResults.js';
import { nodeKind } from './nodeKind.js';
import { readPanelInputs } from './panelInputs.js';
import { buildServiceGraph, edgeWidth, MAX_EDGE_WIDTH, MIN_EDGE_WIDTH, neighbourhood } from './serviceGraph.js';
import type { Series } from './series.js';

function edge(client: string, server: string, value: number): Series {
  return { labels: { client, server }, times: [1], values: [value] };
}

describe('nodeKind', () => {
  it('tells services, IPs, users and the capped tail apart by name', () => {
    expect(nodeKind('checkout')).toBe('service');
    expect(nodeKind('10.1.2.3')).toBe('ip');
    expect(nodeKind('2001:db8::1')).toBe('ip');
    expect(nodeKind('user:42')).toBe('user');
    expect(nodeKind('other')).toBe('other');
    expect(nodeKind('svc:v2')).toBe('service');
  });
});

describe('buildServiceGraph', () => {
  it('joins request and anomalous counts per edge and sums them per node', () => {
    const model = buildServiceGraph(
      [edge('10.0.0.1', 'frontend', 100), edge('frontend', 'cart', 40), edge('user:7', 'frontend', 10)],
      [edge('frontend', 'cart', 4), edge('10.0.0.1', 'frontend', 150)],
    );
    expect(model.nodes.map((n) => [n.id, n.kind])).toEqual([
      ['10.0.0.1', 'ip'],
      ['cart', 'service'],
      ['frontend', 'service'],
      ['user:7', 'user'],
    ]);
    const frontend = model.nodes.find((n) => n.id === 'frontend');
    expect(frontend).toMatchObject({ total: 150, anomalous: 104 });
    // anomalous is clamped to the request count
    expect(model.edges.find((e) => e.source === '10.0.0.1')?.anomalous).toBe(100);
    expect(model.edges.find((e) => e.source === '10.0.0.1')?.width).toBe(MAX_EDGE_WIDTH);
  });

  it('keeps an edge only known from the anomalous query', () => {
    const model = buildServiceGraph([], [edge('a', 'b', 3)]);
    expect(model.edges).toMatchObject([{ source: 'a', target: 'b', total: 3, anomalous: 3 }]);
  });

  it('counts series without client/server as malformed and skips null values', () => {
    const model = buildServiceGraph([{ labels: { client: 'a' }, times: [1], values: [1] }, edge('a', 'b', NaN)], []);
    expect(model.malformedSeries).toBe(1);
    expect(model.edges).toEqual([]);
    expect(model.nodes).toEqual([]);
  });

  it('scales edge width by volume on a log scale within bounds', () => {
    expect(edgeWidth(0, 100)).toBe(MIN_EDGE_WIDTH);
    expect(edgeWidth(100, 100)).toBe(MAX_EDGE_WIDTH);
    const mid = edgeWidth(10, 100);
    expect(mid).toBeGreaterThan(MIN_EDGE_WIDTH);
    expect(mid).toBeLessThan(MAX_EDGE_WIDTH);
  });

  it('builds 200 nodes from realistic query frames', () => {
    const inputs = readPanelInputs(serviceGraphFrames({ services: 50, ips: 100, users: 50 }).map((f) => toDataFrame(f)));
    const model = buildServiceGraph(inputs.graphRequests, inputs.graphAnomalous);
    expect(model.nodes).toHaveLength(200);
    expect(model.nodes.filter((n) => n.kind === 'ip')).toHaveLength(100);
    expect(neighbourhood(model, 'frontend').size).toBeGreaterThan(10);
  });
});
