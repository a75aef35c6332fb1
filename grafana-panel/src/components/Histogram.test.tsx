import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildHistogram } from '../data/histogram.js';
import { Histogram } from './Histogram.js';

const bucket = (le: string, value: number) => ({ labels: { le }, times: [1], values: [value] });

describe('Histogram', () => {
  it('draws a bar per bucket, colours those above the threshold, and marks the threshold', () => {
    const model = buildHistogram([bucket('0.5', 90), bucket('0.9', 99), bucket('1', 100), bucket('+Inf', 100)], 0.9);
    render(<Histogram model={model} width={500} height={200} threshold={0.9} scale="linear" />);
    const bars = screen.getByTestId('histogram-bars').querySelectorAll('rect');
    expect(bars).toHaveLength(3);
    expect(bars[2].getAttribute('fill')).not.toBe(bars[0].getAttribute('fill'));
    // Bar width follows bucket width: 0..0.5 is five times 0.9..1.
    expect(Number(bars[0].getAttribute('width'))).toBeGreaterThan(4 * Number(bars[2].getAttribute('width')));
    expect(screen.getByTestId('histogram').textContent).toContain('threshold 0.90: ~1 (1.0%) at or above');
    fireEvent.mouseEnter(bars[1]);
    expect(screen.getByTestId('histogram-tooltip').textContent).toContain('0.50 – 0.90');
  });

  it('gives the +Inf bucket its own bar when scores exceed the last bound', () => {
    const model = buildHistogram([bucket('1', 10), bucket('+Inf', 12)], 0.8);
    render(<Histogram model={model} width={500} height={200} threshold={0.8} scale="log" />);
    expect(screen.getByTestId('histogram-bars').querySelectorAll('rect')).toHaveLength(2);
  });
});
