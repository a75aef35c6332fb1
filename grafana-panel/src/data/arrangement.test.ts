import { describe, expect, it } from 'vitest';
import { ALL_VIEWS } from '../types.js';
import { arrangeViews, MIN_VIEW_HEIGHT, MIN_VIEW_WIDTH, TAB_BAR_HEIGHT, type ViewCell } from './arrangement.js';

function overlaps(a: ViewCell, b: ViewCell): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('arrangeViews', () => {
  it('shows all four views in a grid when the panel is large', () => {
    const result = arrangeViews(ALL_VIEWS, 1200, 800, 'auto');
    expect(result.mode).toBe('grid');
    expect(result.cells.map((c) => c.view)).toEqual([...ALL_VIEWS]);
    for (const cell of result.cells) {
      expect(cell.width).toBeGreaterThanOrEqual(MIN_VIEW_WIDTH);
      expect(cell.height).toBeGreaterThanOrEqual(MIN_VIEW_HEIGHT);
      expect(cell.x + cell.width).toBeLessThanOrEqual(1200);
      expect(cell.y + cell.height).toBeLessThanOrEqual(800);
    }
    for (let i = 0; i < result.cells.length; i++) {
      for (let j = i + 1; j < result.cells.length; j++) {
        expect(overlaps(result.cells[i], result.cells[j])).toBe(false);
      }
    }
  });

  it('uses a row for wide short panels and a stack for tall narrow ones', () => {
    expect(arrangeViews(ALL_VIEWS, 1600, 300, 'auto').mode).toBe('row');
    expect(arrangeViews(ALL_VIEWS, 400, 1200, 'auto').mode).toBe('stack');
  });

  it('falls back to tabs when no layout leaves room, keeping the chosen tab', () => {
    const result = arrangeViews(ALL_VIEWS, 500, 300, 'auto', 'graph');
    expect(result.mode).toBe('tabs');
    expect(result.cells).toEqual([{ view: 'graph', x: 0, y: TAB_BAR_HEIGHT, width: 500, height: 300 - TAB_BAR_HEIGHT }]);
  });

  it('honours an explicit arrangement, gives a lone view the whole panel, and lets the odd view span', () => {
    expect(arrangeViews(ALL_VIEWS, 500, 300, 'stack').mode).toBe('stack');
    expect(arrangeViews(['graph'], 300, 200, 'auto')).toEqual({ mode: 'single', cells: [{ view: 'graph', x: 0, y: 0, width: 300, height: 200 }] });
    const three = arrangeViews(['timeline', 'histogram', 'graph'], 1000, 700, 'grid');
    expect(three.cells[2].width).toBe(1000);
    expect(arrangeViews([], 100, 100, 'auto').mode).toBe('none');
    expect(arrangeViews(ALL_VIEWS, 0, 100, 'auto').mode).toBe('none');
  });
});
