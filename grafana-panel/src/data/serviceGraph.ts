import { type NodeKind, nodeKind } from './nodeKind.js';
import { lastValue, type Series } from './series.js';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  /** Calls on edges touching the node (in and out). */
  total: number;
  anomalous: number;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  total: number;
  /** Never more than total (the two counters are scraped at slightly different moments). */
  anomalous: number;
  /** Stroke width in pixels, by volume on a log scale. */
  width: number;
}

export interface GraphModel {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Series without both `client` and `server` labels, left out. */
  malformedSeries: number;
}

export const MIN_EDGE_WIDTH = 1;
export const MAX_EDGE_WIDTH = 8;

function edgeKey(client: string, server: string): string {
  return `${client}\u0000${server}`;
}

function sumByEdge(series: readonly Series[], into: Map<string, { client: string; server: string; value: number }>): number {
  let malformed = 0;
  for (const s of series) {
    const client = s.labels.client;
    const server = s.labels.server;
    if (!client || !server) {
      malformed++;
      continue;
    }
    const value = lastValue(s);
    if (!Number.isFinite(value) || value < 0) {
      continue;
    }
    const key = edgeKey(client, server);
    const entry = into.get(key);
    if (entry) {
      entry.value += value;
    } else {
      into.set(key, { client, server, value });
    }
  }
  return malformed;
}

/** Stroke width for an edge volume, log-scaled so one busy edge does not flatten the rest. */
export function edgeWidth(total: number, maxTotal: number): number {
  if (maxTotal <= 0 || total <= 0) {
    return MIN_EDGE_WIDTH;
  }
  return MIN_EDGE_WIDTH + ((MAX_EDGE_WIDTH - MIN_EDGE_WIDTH) * Math.log1p(total)) / Math.log1p(maxTotal);
}

/**
 * The service graph from `sum by (client, server) (increase(anomalog_service_graph_request_total[$__range]))`
 * and its `_anomalous_total` twin. Each series' last value is the edge's volume over the range.
 * An edge with anomalous calls but no request series still appears (total = anomalous).
 */
export function buildServiceGraph(requests: readonly Series[], anomalous: readonly Series[]): GraphModel {
  const totals = new Map<string, { client: string; server: string; value: number }>();
  const bad = new Map<string, { client: string; server: string; value: number }>();
  const malformed = sumByEdge(requests, totals) + sumByEdge(anomalous, bad);
  for (const [key, entry] of bad) {
    if (!totals.has(key)) {
      totals.set(key, { ...entry });
    }
  }
  let maxTotal = 0;
  for (const entry of totals.values()) {
    maxTotal = Math.max(maxTotal, entry.value);
  }
  const nodes = new Map<string, GraphNode>();
  const touch = (id: string, total: number, anomalousCalls: number): void => {
    const node = nodes.get(id);
    if (node) {
      node.total += total;
      node.anomalous += anomalousCalls;
    } else {
      nodes.set(id, { id, kind: nodeKind(id), total, anomalous: anomalousCalls });
    }
  };
  const edges: GraphEdge[] = [];
  for (const [key, entry] of totals) {
    const anomalousCalls = Math.min(entry.value, bad.get(key)?.value ?? 0);
    edges.push({
      id: key,
      source: entry.client,
      target: entry.server,
      total: entry.value,
      anomalous: anomalousCalls,
      width: edgeWidth(entry.value, maxTotal),
    });
    touch(entry.client, entry.value, anomalousCalls);
    if (entry.server !== entry.client) {
      touch(entry.server, entry.value, anomalousCalls);
    }
  }
  const sortedNodes = [...nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  edges.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodes: sortedNodes, edges, malformedSeries: malformed };
}

/** Ids of a node and its direct neighbours (what stays highlighted when a node is selected). */
export function neighbourhood(model: GraphModel, id: string): Set<string> {
  const ids = new Set<string>([id]);
  for (const edge of model.edges) {
    if (edge.source === id) {
      ids.add(edge.target);
    } else if (edge.target === id) {
      ids.add(edge.source);
    }
  }
  return ids;
}
