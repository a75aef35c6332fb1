import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildTimeline } from '../data/timeline.js';
import type { Series } from '../data/series.js';
import { Timeline } from './Timeline.js';

function series(points: number, classes: string[]): Series[] {
  const times = Array.from({ length: points }, (_, i) => (i + 1) * 60_000);
  return classes.map((cls, c) => ({ labels: { class: cls }, times, values: times.map((_, i) => ((i + c) % 5) + 1) }));
}

const noExplore = () => null;

describe('Timeline', () => {
  it('draws one rect per class and interval while bars fit, with a legend', () => {
    const model = buildTimeline(series(20, ['security', 'network']), [], { topN: 3, threshold: 0.8 });
    render(<Timeline model={model} width={600} height={200} threshold={0.8} fromMs={0} toMs={20 * 60_000} exploreHref={noExplore} />);
    expect(screen.getByTestId('timeline-marks').querySelectorAll('rect')).toHaveLength(40);
    expect(screen.getByTestId('class-legend').textContent).toMatch(/Security.*Network/);
    // No Loki records: no score overlay
    expect(screen.queryByTestId('timeline-scores')).toBeNull();
  });

  it('hides and shows a class from its legend entry', () => {
    const model = buildTimeline(series(10, ['security', 'network']), [], { topN: 3, threshold: 0.8 });
    render(<Timeline model={model} width={600} height={200} threshold={0.8} fromMs={0} toMs={10 * 60_000} exploreHref={noExplore} />);
    const marks = () => screen.getByTestId('timeline-marks').querySelectorAll('rect');
    expect(marks()).toHaveLength(20);
    fireEvent.click(screen.getByRole('button', { name: /Security/ }));
    expect(marks()).toHaveLength(10);
    expect(screen.getByRole('button', { name: /Security/ }).getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(screen.getByRole('button', { name: /Security/ }));
    expect(marks()).toHaveLength(20);
  });

  it('switches to one stacked area path per class when intervals outnumber pixels', () => {
    const model = buildTimeline(series(3000, ['security', 'config', 'hardware']), [], { topN: 3, threshold: 0.8 });
    render(<Timeline model={model} width={600} height={200} threshold={0.8} fromMs={0} toMs={3000 * 60_000} exploreHref={noExplore} />);
    const marks = screen.getByTestId('timeline-marks');
    expect(marks.querySelectorAll('rect')).toHaveLength(0);
    expect(marks.querySelectorAll('path')).toHaveLength(3);
  });

  it('says how to get Explore links when no Loki datasource is known', () => {
    const model = buildTimeline(series(5, ['network']), [], { topN: 3, threshold: 0.8 });
    render(<Timeline model={model} width={600} height={200} threshold={0.8} fromMs={0} toMs={5 * 60_000} exploreHref={noExplore} />);
    const hit = screen.getByTestId('timeline-hit');
    hit.getBoundingClientRect = () => ({ left: 0, top: 0, width: 100, height: 100, right: 100, bottom: 100, x: 0, y: 0, toJSON: () => ({}) });
    fireEvent.mouseMove(hit, { clientX: 50, clientY: 10 });
    expect(screen.getByTestId('timeline-tooltip').textContent).toContain('Set the Loki datasource');
    fireEvent.mouseLeave(hit);
    expect(screen.queryByTestId('timeline-tooltip')).toBeNull();
  });
});
