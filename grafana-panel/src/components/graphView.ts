import type { GraphLayout } from '../data/graphLayout.js';

/** The part of the layout shown: an SVG viewBox. */
export interface ViewBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function fitViewBox(layout: GraphLayout): ViewBox {
  return { x: 0, y: 0, w: Math.max(1, layout.width), h: Math.max(1, layout.height) };
}

/** Scale and offset of a viewBox drawn into a box of the given size (preserveAspectRatio xMidYMid meet). */
export function viewTransform(view: ViewBox, width: number, height: number): { scale: number; dx: number; dy: number } {
  const scale = Math.min(width / view.w, height / view.h);
  return { scale, dx: (width - view.w * scale) / 2 - view.x * scale, dy: (height - view.h * scale) / 2 - view.y * scale };
}

/** The viewBox zoomed by factor (below 1 zooms in) around a point given in screen pixels. */
export function zoomAt(view: ViewBox, factor: number, px: number, py: number, width: number, height: number, full: ViewBox): ViewBox {
  const { scale, dx, dy } = viewTransform(view, width, height);
  const lx = (px - dx) / scale;
  const ly = (py - dy) / scale;
  // Never zoom out past twice the whole graph, nor in past a few nodes.
  const w = Math.min(full.w * 2, Math.max(80, view.w * factor));
  const h = (view.h * w) / view.w;
  return { x: lx - ((lx - view.x) * w) / view.w, y: ly - ((ly - view.y) * h) / view.h, w, h };
}
