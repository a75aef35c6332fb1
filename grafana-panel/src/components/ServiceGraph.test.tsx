import { toDataFrame } from '@grafana/data';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { serviceGraphFrames } from '../../test/fixtures/queryResults.js';
import { readPanelInputs } from '../data/panelInputs.js';
import { buildServiceGraph } from '../data/serviceGraph.js';
import { ServiceGraph } from './ServiceGraph.js';

function model(services: number, ips: number, users: number) {
  const inputs = readPanelInputs(serviceGraphFrames({ services, ips, users }).map((f) => toDataFrame(f)));
  return buildServiceGraph(inputs.graphRequests, inputs.graphAnomalous);
}

describe('ServiceGraph', () => {
  it('draws 200 nodes, naming services but not the 150 clients on auto labels', () => {
    const graph = model(50, 100, 50);
    render(<ServiceGraph model={graph} width={1000} height={700} direction="auto" labels="auto" selected={null} onSelect={() => undefined} />);
    const nodes = screen.getAllByTestId('graph-node');
    expect(nodes).toHaveLength(200);
    const labelled = nodes.filter((n) => n.querySelectorAll('text').length === 2);
    expect(labelled).toHaveLength(50);
    expect(screen.getByTestId('graph-edges').querySelectorAll('line')).toHaveLength(graph.edges.length);
  });

  it('draws an anomalous-share arc only on nodes with anomalous calls', () => {
    const graph = model(6, 3, 1);
    render(<ServiceGraph model={graph} width={800} height={500} direction="LR" labels="always" selected={null} onSelect={() => undefined} />);
    for (const node of graph.nodes) {
      const element = screen.getAllByTestId('graph-node').find((n) => n.getAttribute('data-node-id') === node.id)!;
      const arcs = [...element.querySelectorAll('circle')].filter((c) => c.getAttribute('stroke-dasharray'));
      expect(arcs).toHaveLength(node.anomalous > 0 ? 1 : 0);
    }
  });

  it('reports a click as a node filter, dims the rest when selected, and clears on a second click', () => {
    const graph = model(6, 3, 1);
    const onSelect = vi.fn();
    const { rerender } = render(<ServiceGraph model={graph} width={800} height={500} direction="LR" labels="auto" selected={null} onSelect={onSelect} />);
    const ip = screen.getAllByTestId('graph-node').find((n) => n.getAttribute('data-node-id')!.startsWith('10.'))!;
    fireEvent.click(ip);
    expect(onSelect).toHaveBeenLastCalledWith({ id: ip.getAttribute('data-node-id'), kind: 'ip' });
    rerender(<ServiceGraph model={graph} width={800} height={500} direction="LR" labels="auto" selected={{ id: ip.getAttribute('data-node-id')!, kind: 'ip' }} onSelect={onSelect} />);
    const dimmed = screen.getAllByTestId('graph-node').filter((n) => n.getAttribute('opacity') === '0.25');
    expect(dimmed.length).toBeGreaterThan(0);
    fireEvent.click(screen.getAllByTestId('graph-node').find((n) => n.getAttribute('data-node-id') === ip.getAttribute('data-node-id'))!);
    expect(onSelect).toHaveBeenLastCalledWith(null);
  });

  it('can be driven from the keyboard', () => {
    const graph = model(4, 1, 0);
    const onSelect = vi.fn();
    render(<ServiceGraph model={graph} width={800} height={500} direction="LR" labels="auto" selected={null} onSelect={onSelect} />);
    const node = screen.getByRole('button', { name: 'service frontend' });
    fireEvent.keyDown(node, { key: 'Enter' });
    expect(onSelect).toHaveBeenCalledWith({ id: 'frontend', kind: 'service' });
  });

  it('shows calls and anomalous share on hover', () => {
    const graph = model(4, 1, 0);
    render(<ServiceGraph model={graph} width={800} height={500} direction="LR" labels="auto" selected={null} onSelect={() => undefined} />);
    fireEvent.mouseEnter(screen.getAllByTestId('graph-node')[0]);
    expect(screen.getByTestId('graph-tooltip').textContent).toMatch(/calls, .* anomalous \(\d+\.\d%\)/);
  });
});
