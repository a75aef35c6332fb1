import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { RecentRow } from '../data/recentRows.js';
import { RecentTable } from './RecentTable.js';

const rows: RecentRow[] = [
  { key: 'a', timeMs: Date.UTC(2026, 0, 2, 3, 4, 5), service: 'auth', class: 'security', score: 0.97, template: 'Failed password for <*>', reasons: 'rare_template' },
  { key: 'b', timeMs: Date.UTC(2026, 0, 2, 3, 4, 0), service: 'cart', class: 'performance', score: NaN, template: 'slow <*>', reasons: '' },
];

describe('RecentTable', () => {
  it('lists time, service, class, score, template and reasons with an Explore link per record', () => {
    render(<RecentTable rows={rows} threshold={0.8} timeZone="utc" exploreHref={(from, to) => `/explore?from=${from}&to=${to}`} totalAnomalies={2} />);
    const [first, second] = screen.getAllByTestId('recent-row');
    expect(first.textContent).toContain('01-02 03:04:05');
    expect(first.textContent).toContain('auth');
    expect(first.textContent).toContain('Security');
    expect(first.textContent).toContain('0.970');
    expect(first.textContent).toContain('Failed password for <*>');
    expect(first.querySelector('a')?.getAttribute('href')).toBe(`/explore?from=${rows[0].timeMs - 60_000}&to=${rows[0].timeMs + 60_000}`);
    expect(second.textContent).toContain('–');
    expect(screen.queryByText(/Showing the latest/)).toBeNull();
  });

  it('says when rows were capped, and shows plain times without a Loki datasource', () => {
    render(<RecentTable rows={rows} threshold={0.8} timeZone="utc" exploreHref={() => null} totalAnomalies={50} />);
    expect(screen.getByText('Showing the latest 2 of 50 anomalous records.')).toBeTruthy();
    expect(screen.getAllByTestId('recent-row')[0].querySelector('a')).toBeNull();
  });
});
