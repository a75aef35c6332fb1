import type { GraphDirection, LayoutDirection } from '../types.js';

export interface LayoutInput {
  nodes: ReadonlyArray<{ id: string }>;
  edges: ReadonlyArray<{ source: string; target: string }>;
}

export interface Point {
  x: number;
  y: number;
}

/** Node centres in layout units; the view scales the whole box to fit the panel. */
export interface GraphLayout {
  positions: Map<string, Point>;
  width: number;
  height: number;
  nodeRadius: number;
  direction: LayoutDirection;
}

export const NODE_RADIUS = 14;
/** Room for a label under a node (LR) and between neighbours (TB). */
const SPACING: Record<LayoutDirection, { inLayer: number; betweenLayers: number; subColumn: number }> = {
  LR: { inLayer: 48, betweenLayers: 135, subColumn: 70 },
  TB: { inLayer: 120, betweenLayers: 96, subColumn: 64 },
};
const MARGIN = NODE_RADIUS + 24;

/** Edges that close a cycle, found by an iterative depth-first search in node order. */
function backEdges(ids: readonly string[], out: Map<string, string[]>): Set<string> {
  const state = new Map<string, 1 | 2>(); // 1: on the stack, 2: done
  const back = new Set<string>();
  for (const root of ids) {
    if (state.has(root)) {
      continue;
    }
    const stack: Array<{ id: string; next: number }> = [{ id: root, next: 0 }];
    state.set(root, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const targets = out.get(top.id) ?? [];
      if (top.next >= targets.length) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const target = targets[top.next++];
      const seen = state.get(target);
      if (seen === 1) {
        back.add(`${top.id}\u0000${target}`);
      } else if (seen === undefined) {
        state.set(target, 1);
        stack.push({ id: target, next: 0 });
      }
    }
  }
  return back;
}

/** Longest-path layering of the graph made acyclic: callers left of callees, clients first. */
function layerOf(ids: readonly string[], edges: LayoutInput['edges']): Map<string, number> {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    if (e.source !== e.target) {
      (out.get(e.source) ?? out.set(e.source, []).get(e.source)!).push(e.target);
    }
  }
  const back = backEdges(ids, out);
  const indegree = new Map<string, number>(ids.map((id) => [id, 0]));
  const forward = new Map<string, string[]>();
  for (const [source, targets] of out) {
    for (const target of targets) {
      if (!back.has(`${source}\u0000${target}`) && indegree.has(target) && indegree.has(source)) {
        (forward.get(source) ?? forward.set(source, []).get(source)!).push(target);
        indegree.set(target, (indegree.get(target) ?? 0) + 1);
      }
    }
  }
  const layer = new Map<string, number>(ids.map((id) => [id, 0]));
  const queue = ids.filter((id) => indegree.get(id) === 0);
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    for (const target of forward.get(id) ?? []) {
      layer.set(target, Math.max(layer.get(target) ?? 0, (layer.get(id) ?? 0) + 1));
      const left = (indegree.get(target) ?? 1) - 1;
      indegree.set(target, left);
      if (left === 0) {
        queue.push(target);
      }
    }
  }
  return layer;
}

/** Orders each layer by the mean position of its neighbours, sweeping down and up a few times. */
function orderLayers(layers: string[][], neighbours: Map<string, string[]>, layerIndex: Map<string, number>): void {
  const position = new Map<string, number>();
  const record = (layer: string[]): void => {
    layer.forEach((id, i) => position.set(id, layer.length > 1 ? i / (layer.length - 1) : 0.5));
  };
  layers.forEach(record);
  for (let sweep = 0; sweep < 4; sweep++) {
    const downward = sweep % 2 === 0;
    const order = downward ? layers.map((_, i) => i) : layers.map((_, i) => layers.length - 1 - i);
    for (const l of order) {
      const layer = layers[l];
      const key = new Map<string, number>();
      for (const id of layer) {
        let sum = 0;
        let n = 0;
        for (const other of neighbours.get(id) ?? []) {
          const otherLayer = layerIndex.get(other) ?? l;
          if (downward ? otherLayer < l : otherLayer > l) {
            sum += position.get(other) ?? 0.5;
            n++;
          }
        }
        key.set(id, n > 0 ? sum / n : (position.get(id) ?? 0.5));
      }
      layer.sort((a, b) => (key.get(a)! - key.get(b)!) || (a < b ? -1 : a > b ? 1 : 0));
      record(layer);
    }
  }
}

/** Most nodes one column holds before a layer wraps into further columns. */
export function maxPerColumn(nodeCount: number, direction: LayoutDirection): number {
  const factor = direction === 'LR' ? 1.6 : 1.1;
  return Math.max(6, Math.ceil(Math.sqrt(nodeCount) * factor));
}

/**
 * A layered layout (Sugiyama-style: layering, barycentre ordering, then coordinates) that
 * stays readable at a few hundred nodes: a layer taller than the panel can show wraps into
 * side-by-side staggered columns, so 150 client IPs become a block, not a 7,000-pixel line.
 * Every node gets its own grid cell, so nodes never overlap. Pure and deterministic: the
 * panel computes it once per graph (memoised) and never on hover.
 */
export function layoutGraph(input: LayoutInput, direction: LayoutDirection = 'LR'): GraphLayout {
  const ids = [...new Set(input.nodes.map((n) => n.id))].sort();
  const positions = new Map<string, Point>();
  if (ids.length === 0) {
    return { positions, width: 0, height: 0, nodeRadius: NODE_RADIUS, direction };
  }
  const layerIndex = layerOf(ids, input.edges);
  const layers: string[][] = [];
  for (const id of ids) {
    const l = layerIndex.get(id) ?? 0;
    (layers[l] ??= []).push(id);
  }
  const denseLayers = layers.filter((layer) => layer !== undefined);
  denseLayers.forEach((layer, i) => layer.forEach((id) => layerIndex.set(id, i)));
  const neighbours = new Map<string, string[]>();
  for (const e of input.edges) {
    if (e.source !== e.target && layerIndex.has(e.source) && layerIndex.has(e.target)) {
      (neighbours.get(e.source) ?? neighbours.set(e.source, []).get(e.source)!).push(e.target);
      (neighbours.get(e.target) ?? neighbours.set(e.target, []).get(e.target)!).push(e.source);
    }
  }
  orderLayers(denseLayers, neighbours, layerIndex);

  const spacing = SPACING[direction];
  const perColumn = maxPerColumn(ids.length, direction);
  const rowsOf = (layer: string[]): number => Math.ceil(layer.length / Math.ceil(layer.length / perColumn));
  const tallest = Math.max(...denseLayers.map(rowsOf));
  let along = 0; // position along the flow (x for LR, y for TB)
  let extentAcross = 0;
  denseLayers.forEach((layer, l) => {
    const columns = Math.ceil(layer.length / perColumn);
    const rows = rowsOf(layer);
    // A short layer next to a tall one spreads out (up to twice the gap) instead of huddling in the middle.
    const gap = rows > 1 ? Math.min(2 * spacing.inLayer, Math.max(spacing.inLayer, ((tallest - 1) * spacing.inLayer) / (rows - 1))) : spacing.inLayer;
    const offset = ((tallest - 1) * spacing.inLayer - (rows - 1) * gap) / 2;
    if (l > 0) {
      along += spacing.betweenLayers;
    }
    layer.forEach((id, i) => {
      const column = i % columns;
      const row = Math.floor(i / columns);
      // Odd sub-columns sit half a row lower so edges into the block pass between nodes.
      const stagger = columns > 1 && column % 2 === 1 ? gap / 2 : 0;
      const across = offset + row * gap + stagger;
      const flow = along + column * spacing.subColumn;
      extentAcross = Math.max(extentAcross, across);
      positions.set(id, direction === 'LR' ? { x: flow + MARGIN, y: across + MARGIN } : { x: across + MARGIN, y: flow + MARGIN });
    });
    along += (columns - 1) * spacing.subColumn;
  });
  const flowExtent = along + 2 * MARGIN;
  const acrossExtent = extentAcross + 2 * MARGIN;
  return {
    positions,
    width: direction === 'LR' ? flowExtent : acrossExtent,
    height: direction === 'LR' ? acrossExtent : flowExtent,
    nodeRadius: NODE_RADIUS,
    direction,
  };
}

/** How much a layout must shrink (below 1) or may grow to fit a box. */
export function fitScale(layout: GraphLayout, width: number, height: number): number {
  return layout.width > 0 && layout.height > 0 ? Math.min(width / layout.width, height / layout.height) : 1;
}

/**
 * The layout for a direction option: `auto` lays the graph out both ways and keeps the one
 * drawn larger in a box of the given size (a deep call chain reads better top to bottom in a
 * tall panel, a wide fan of clients left to right in a wide one).
 */
export function layoutForBox(input: LayoutInput, direction: GraphDirection, width: number, height: number): GraphLayout {
  if (direction !== 'auto') {
    return stretchAcross(layoutGraph(input, direction), width, height);
  }
  const lr = layoutGraph(input, 'LR');
  const tb = layoutGraph(input, 'TB');
  return stretchAcross(fitScale(tb, width, height) > fitScale(lr, width, height) * 1.05 ? tb : lr, width, height);
}

/** Most a layout is spread across its layers to fill the box (more would look scattered). */
const MAX_STRETCH = 2.5;

/**
 * Spreads the nodes of each layer further apart when the box has room across the flow that
 * the layout leaves empty (a long call chain with few nodes per layer in a tall panel). Only
 * distances grow, so nodes still never overlap; the fit scale, set by the flow length, stays.
 */
export function stretchAcross(layout: GraphLayout, width: number, height: number): GraphLayout {
  if (layout.positions.size === 0 || width <= 0 || height <= 0) {
    return layout;
  }
  const lr = layout.direction === 'LR';
  const flow = lr ? layout.width : layout.height;
  const across = lr ? layout.height : layout.width;
  const boxRatio = lr ? height / width : width / height;
  const wanted = flow * boxRatio;
  if (across >= wanted || across <= 2 * MARGIN) {
    return layout;
  }
  const k = Math.min(MAX_STRETCH, (wanted - 2 * MARGIN) / (across - 2 * MARGIN));
  const positions = new Map<string, Point>();
  for (const [id, p] of layout.positions) {
    positions.set(id, lr ? { x: p.x, y: MARGIN + (p.y - MARGIN) * k } : { x: MARGIN + (p.x - MARGIN) * k, y: p.y });
  }
  const stretched = 2 * MARGIN + (across - 2 * MARGIN) * k;
  return { ...layout, positions, width: lr ? layout.width : stretched, height: lr ? stretched : layout.height };
}
