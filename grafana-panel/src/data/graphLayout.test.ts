import { toDataFrame } from '@grafana/data';
import { describe, expect, it } from 'vitest';
import { serviceGraphFrames } from '../../test/fixtures/queryResults.js';
import { fitScale, layoutForBox, layoutGraph, stretchAcross, type GraphLayout } from './graphLayout.js';
import { readPanelInputs } from './panelInputs.js';
import { buildServiceGraph } from './serviceGraph.js';

function minDistance(layout: GraphLayout): number {
  const points = [...layout.positions.values()];
  let min = Infinity;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      min = Math.min(min, Math.hypot(points[i].x - points[j].x, points[i].y - points[j].y));
    }
  }
  return min;
}

function graphOf(services: number, ips: number, users: number) {
  const inputs = readPanelInputs(serviceGraphFrames({ services, ips, users }).map((f) => toDataFrame(f)));
  return buildServiceGraph(inputs.graphRequests, inputs.graphAnomalous);
}

describe('layoutGraph', () => {
  it('places callers before callees, left to right', () => {
    const layout = layoutGraph({
      nodes: [{ id: 'db' }, { id: 'api' }, { id: '10.0.0.1' }],
      edges: [
        { source: '10.0.0.1', target: 'api' },
        { source: 'api', target: 'db' },
      ],
    });
    const x = (id: string) => layout.positions.get(id)!.x;
    expect(x('10.0.0.1')).toBeLessThan(x('api'));
    expect(x('api')).toBeLessThan(x('db'));
  });

  it('survives cycles and self-calls', () => {
    const layout = layoutGraph({
      nodes: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
      edges: [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'c' },
        { source: 'c', target: 'a' },
        { source: 'b', target: 'b' },
      ],
    });
    expect(layout.positions.size).toBe(3);
    expect(minDistance(layout)).toBeGreaterThan(2 * layout.nodeRadius);
  });

  it('gives 200 nodes each their own place, with no overlap, in a box of sane proportions', () => {
    const model = graphOf(50, 100, 50);
    for (const direction of ['LR', 'TB'] as const) {
      const layout = layoutGraph(model, direction);
      expect(layout.positions.size).toBe(200);
      expect(minDistance(layout)).toBeGreaterThanOrEqual(2 * layout.nodeRadius + 10);
      const aspect = layout.width / layout.height;
      expect(aspect).toBeGreaterThan(0.25);
      expect(aspect).toBeLessThan(4);
      for (const p of layout.positions.values()) {
        expect(p.x).toBeGreaterThanOrEqual(layout.nodeRadius);
        expect(p.y).toBeGreaterThanOrEqual(layout.nodeRadius);
        expect(p.x).toBeLessThanOrEqual(layout.width - layout.nodeRadius);
        expect(p.y).toBeLessThanOrEqual(layout.height - layout.nodeRadius);
      }
    }
  });

  it('is deterministic and independent of input order', () => {
    const model = graphOf(12, 8, 4);
    const a = layoutGraph(model);
    const b = layoutGraph({ nodes: [...model.nodes].reverse(), edges: [...model.edges].reverse() });
    expect([...b.positions.entries()].sort()).toEqual([...a.positions.entries()].sort());
  });

  it('lays out nothing for an empty graph and tolerates edges to unknown nodes', () => {
    expect(layoutGraph({ nodes: [], edges: [] }).positions.size).toBe(0);
    const layout = layoutGraph({ nodes: [{ id: 'a' }], edges: [{ source: 'a', target: 'ghost' }] });
    expect([...layout.positions.keys()]).toEqual(['a']);
  });

  it('picks the direction that draws the graph larger in the box', () => {
    // A chain of 8 services: long one way, short the other.
    const nodes = Array.from({ length: 8 }, (_, i) => ({ id: `s${i}` }));
    const edges = nodes.slice(1).map((n, i) => ({ source: `s${i}`, target: n.id }));
    const wide = layoutForBox({ nodes, edges }, 'auto', 1200, 300);
    const tall = layoutForBox({ nodes, edges }, 'auto', 300, 1200);
    expect(wide.width).toBeGreaterThan(wide.height);
    expect(tall.height).toBeGreaterThan(tall.width);
    expect(fitScale(tall, 300, 1200)).toBeGreaterThan(fitScale(layoutGraph({ nodes, edges }, 'LR'), 300, 1200));
    expect(layoutForBox({ nodes, edges }, 'LR', 300, 1200).direction).toBe('LR');
  });

  it('spreads sparse layers across a roomy box without moving along the flow', () => {
    const model = graphOf(8, 2, 1);
    const plain = layoutGraph(model, 'LR');
    const tall = stretchAcross(plain, 600, 600);
    expect(tall.height).toBeGreaterThan(plain.height);
    expect(tall.width).toBe(plain.width);
    expect(minDistance(tall)).toBeGreaterThanOrEqual(minDistance(plain));
    for (const [id, p] of plain.positions) {
      expect(tall.positions.get(id)!.x).toBe(p.x);
    }
    // Already as tall as the box wants: unchanged.
    expect(stretchAcross(plain, 10_000, 10)).toBe(plain);
  });
});
