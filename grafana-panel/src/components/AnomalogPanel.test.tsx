import { createTheme, ThemeContext } from '@grafana/data';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { anomaliesFrames, lokiAnomalyFrame, scoreBucketFrames, serviceGraphFrames } from '../../test/fixtures/queryResults.js';
import { AnomalogPanel } from './AnomalogPanel.js';
import { panelProps } from './testPanelProps.js';

function allFrames(graph = { services: 8, ips: 4, users: 2 }) {
  return [
    ...anomaliesFrames({ services: 8, points: 60 }),
    ...scoreBucketFrames(),
    ...serviceGraphFrames(graph),
    lokiAnomalyFrame({ rows: 120, services: 8 }),
  ];
}

describe('AnomalogPanel', () => {
  it('draws the four views from Prometheus and Loki results', () => {
    render(<AnomalogPanel {...panelProps(allFrames())} />);
    // 60 points in a 1200 px panel: bars, one rect per class and interval with anomalies
    expect(screen.getByTestId('timeline-marks').querySelectorAll('rect').length).toBeGreaterThan(60);
    expect(screen.getByTestId('histogram-bars').querySelectorAll('rect')).toHaveLength(20);
    expect(screen.getAllByTestId('graph-node')).toHaveLength(14);
    expect(screen.getAllByTestId('recent-row')).toHaveLength(120);
    expect(screen.getByTestId('class-legend').textContent).toContain('Security');
    expect(screen.queryByTestId('empty-timeline')).toBeNull();
  });

  it('says which query each view needs when there is no data', () => {
    render(<AnomalogPanel {...panelProps([])} />);
    expect(screen.getByTestId('empty-timeline').textContent).toContain('increase(anomalog_anomalies_total[$__interval])');
    expect(screen.getByTestId('empty-histogram').textContent).toContain('anomalog_score_bucket');
    expect(screen.getByTestId('empty-graph').textContent).toContain('anomalog_service_graph_request_total');
    expect(screen.getByTestId('empty-table').textContent).toContain('{anomaly="true"}');
  });

  it('points out query results that matched no view', () => {
    const unrelated = { refId: 'Z', meta: { executedQueryString: 'Expr: up' }, fields: [{ name: 'Value', type: 'number' as never, values: [1] }] };
    render(<AnomalogPanel {...panelProps([unrelated])} />);
    expect(screen.getAllByTestId('unrecognised-note')[0].textContent).toContain('1 result of this panel');
  });

  it('fills only the views whose query is there (partial data)', () => {
    render(<AnomalogPanel {...panelProps(scoreBucketFrames())} />);
    expect(screen.getByTestId('histogram')).toBeTruthy();
    expect(screen.getByTestId('empty-timeline')).toBeTruthy();
    expect(screen.getByTestId('empty-graph')).toBeTruthy();
  });

  it('filters the table and timeline to a clicked graph node, and clears the filter', () => {
    render(<AnomalogPanel {...panelProps(allFrames())} />);
    const before = screen.getAllByTestId('recent-row').length;
    const cart = screen.getAllByTestId('graph-node').find((n) => n.getAttribute('data-node-id') === 'cart');
    fireEvent.click(cart!);
    expect(screen.getByTestId('node-filter').textContent).toContain('cart');
    const rows = screen.getAllByTestId('recent-row');
    expect(rows.length).toBeLessThan(before);
    for (const row of rows) {
      expect(row.textContent).toContain('cart');
    }
    fireEvent.click(screen.getByText('Clear filter'));
    expect(screen.queryByTestId('node-filter')).toBeNull();
    expect(screen.getAllByTestId('recent-row')).toHaveLength(before);
  });

  it('shows the interval tooltip with top templates on hover, and an Explore link once pinned', () => {
    render(<AnomalogPanel {...panelProps(allFrames())} />);
    const hit = screen.getByTestId('timeline-hit');
    const box = { left: 0, top: 0, width: Number(hit.getAttribute('width')), height: 100, right: 0, bottom: 0, x: 0, y: 0, toJSON: () => ({}) };
    const spy = vi.spyOn(hit, 'getBoundingClientRect').mockReturnValue(box as DOMRect);
    fireEvent.mouseMove(hit, { clientX: box.width - 2, clientY: 50 });
    const tooltip = screen.getByTestId('timeline-tooltip');
    expect(within(tooltip).getByTestId('tooltip-templates').textContent).toMatch(/<\*>/);
    fireEvent.click(hit, { clientX: box.width - 2, clientY: 50 });
    const link = within(screen.getByTestId('timeline-tooltip')).getByText("Open this interval's anomalies in Explore");
    const href = decodeURIComponent(link.getAttribute('href')!);
    expect(href).toContain('/explore?');
    expect(href).toContain('"uid":"loki-uid"');
    expect(href).toContain('{anomaly=\\"true\\"}');
    spy.mockRestore();
  });

  it('switches to tabs in a small panel', () => {
    render(<AnomalogPanel {...panelProps(allFrames(), {}, { width: 500, height: 300 })} />);
    expect(screen.getByTestId('view-timeline')).toBeTruthy();
    expect(screen.queryByTestId('view-graph')).toBeNull();
    fireEvent.click(screen.getByText('Service graph'));
    expect(screen.getByTestId('view-graph')).toBeTruthy();
  });

  it('shows only the views switched on', () => {
    render(<AnomalogPanel {...panelProps(allFrames(), { views: { timeline: false, histogram: true, graph: false, table: false } })} />);
    expect(screen.getByTestId('view-histogram')).toBeTruthy();
    expect(screen.queryByTestId('view-timeline')).toBeNull();
  });

  it('takes its colours from the Grafana theme (light and dark)', () => {
    for (const mode of ['light', 'dark'] as const) {
      const theme = createTheme({ colors: { mode } });
      const { unmount } = render(
        <ThemeContext.Provider value={theme}>
          <AnomalogPanel {...panelProps(scoreBucketFrames())} />
        </ThemeContext.Provider>,
      );
      const lowBar = screen.getByTestId('histogram-bars').querySelector('rect');
      expect(lowBar?.getAttribute('fill')).toBe(theme.colors.primary.main);
      unmount();
    }
  });
});
