import type { Arrangement, ViewId } from '../types.js';

export interface ViewCell {
  view: ViewId;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ViewArrangement {
  mode: 'grid' | 'row' | 'stack' | 'tabs' | 'single' | 'none';
  cells: ViewCell[];
}

/** Smallest size a view is readable at; below it for all views, the panel switches to tabs. */
export const MIN_VIEW_WIDTH = 280;
export const MIN_VIEW_HEIGHT = 170;
export const TAB_BAR_HEIGHT = 32;
const GAP = 8;

type Candidate = Exclude<ViewArrangement['mode'], 'tabs' | 'single' | 'none'>;

function cellsFor(mode: Candidate, views: readonly ViewId[], width: number, height: number): ViewCell[] {
  const n = views.length;
  if (mode === 'row') {
    const w = (width - GAP * (n - 1)) / n;
    return views.map((view, i) => ({ view, x: i * (w + GAP), y: 0, width: w, height }));
  }
  if (mode === 'stack') {
    const h = (height - GAP * (n - 1)) / n;
    return views.map((view, i) => ({ view, x: 0, y: i * (h + GAP), width, height: h }));
  }
  const rows = Math.ceil(n / 2);
  const h = (height - GAP * (rows - 1)) / rows;
  const w = (width - GAP) / 2;
  return views.map((view, i) => {
    const row = Math.floor(i / 2);
    const lastAlone = i === n - 1 && n % 2 === 1;
    return { view, x: lastAlone ? 0 : (i % 2) * (w + GAP), y: row * (h + GAP), width: lastAlone ? width : w, height: h };
  });
}

/** How roomy the smallest cell is, relative to the minimum view size (below 1: too small). */
function roominess(cells: readonly ViewCell[]): number {
  let worst = Infinity;
  for (const c of cells) {
    worst = Math.min(worst, c.width / MIN_VIEW_WIDTH, c.height / MIN_VIEW_HEIGHT);
  }
  return worst;
}

/**
 * Where each shown view goes. `auto` tries a 2-column grid, a row and a stack and keeps the one
 * whose smallest view is roomiest; when no layout gives every view its minimum size, the
 * views become tabs (the selected one gets the whole panel below the tab bar).
 */
export function arrangeViews(
  views: readonly ViewId[],
  width: number,
  height: number,
  arrangement: Arrangement,
  selectedTab?: ViewId,
): ViewArrangement {
  if (views.length === 0 || width <= 0 || height <= 0) {
    return { mode: 'none', cells: [] };
  }
  if (views.length === 1) {
    return { mode: 'single', cells: [{ view: views[0], x: 0, y: 0, width, height }] };
  }
  const tabs = (): ViewArrangement => {
    const view = selectedTab && views.includes(selectedTab) ? selectedTab : views[0];
    return { mode: 'tabs', cells: [{ view, x: 0, y: TAB_BAR_HEIGHT, width, height: Math.max(0, height - TAB_BAR_HEIGHT) }] };
  };
  if (arrangement === 'tabs') {
    return tabs();
  }
  if (arrangement === 'grid' || arrangement === 'stack') {
    return { mode: arrangement, cells: cellsFor(arrangement, views, width, height) };
  }
  let best: ViewArrangement | null = null;
  let bestScore = 1;
  for (const mode of ['grid', 'row', 'stack'] as const) {
    const cells = cellsFor(mode, views, width, height);
    const score = roominess(cells);
    if (score >= bestScore) {
      best = { mode, cells };
      bestScore = score;
    }
  }
  return best ?? tabs();
}
