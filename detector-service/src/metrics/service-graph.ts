/**
 * The service graph: edges counted from records, into Prometheus (capped labels) and into a
 * bounded in-memory graph that the admin API serves as Grafana node-graph nodes and edges.
 */
import { isIP } from 'node:net';
import type { LogsData, RecordVerdict } from '@anomalog/collector-processor';
import { SpanWindow, type PeerServiceDirection } from './graph-edges.js';
import { EvidenceCollector, type GraphEvidence } from './graph-evidence.js';
import type { ServiceMetrics } from './service-metrics.js';

export type { GraphEvidence } from './graph-evidence.js';

interface EdgeCounts {
  client: string;
  server: string;
  calls: number;
  anomalous: number;
}

/** An edge's counts within one batch, with how many of its records the server end logged. */
interface BatchEdge extends EdgeCounts {
  fromServer: number;
  fromServerAnomalous: number;
  /** The client's next edge in this batch, in first-seen order (a chain: no array per client). */
  next: BatchEdge | undefined;
}

interface NodeCounts {
  records: number;
  anomalous: number;
}

export interface GraphLimits {
  maxSpans: number;
  windowSeconds: number;
  maxEdges: number;
  peerServiceDirection: PeerServiceDirection;
}

/** Field names as Grafana's Node Graph reads them (NodeGraphDataFrameFieldNames). */
export interface NodeGraphNode {
  id: string;
  title: string;
  /** The node kind: service, ip or user. */
  subtitle: string;
  /** Records seen involving the node. */
  mainstat: number;
  /** Of those, anomalies. */
  secondarystat: number;
  arc__normal: number;
  arc__anomalous: number;
  detail__kind: string;
}

export interface NodeGraphEdge {
  id: string;
  source: string;
  target: string;
  /** Calls seen. */
  mainstat: number;
  /** Of those, anomalous. */
  secondarystat: number;
}

export function nodeKind(id: string): 'user' | 'ip' | 'service' {
  if (id.startsWith('user:')) return 'user';
  return isIP(id) !== 0 ? 'ip' : 'service';
}

/** Counts one record's edge into the batch's aggregate of its client and server. */
function addBatchEdge(batch: Map<string, BatchEdge>, client: string, server: string, verdict: RecordVerdict): void {
  const first = batch.get(client);
  let agg = first;
  let last = first;
  while (agg !== undefined && agg.server !== server) {
    last = agg;
    agg = agg.next;
  }
  if (agg === undefined) {
    agg = { client, server, calls: 0, anomalous: 0, fromServer: 0, fromServerAnomalous: 0, next: undefined };
    if (last === undefined) batch.set(client, agg);
    else last.next = agg;
  }
  agg.calls++;
  if (verdict.isAnomaly) agg.anomalous++;
  // The record's own service is counted per run; the other end of the edge is counted here.
  if (server === verdict.service) {
    agg.fromServer++;
    if (verdict.isAnomaly) agg.fromServerAnomalous++;
  }
}

export class ServiceGraph {
  private readonly spans: SpanWindow;
  private readonly collector: EvidenceCollector;
  /** Client → server → counts (nested: no key string is built per edge). */
  private readonly edges = new Map<string, Map<string, EdgeCounts>>();
  private edgeCount = 0;
  private readonly nodes = new Map<string, NodeCounts>();
  /** Nodes refused for want of room during the current batch, reported once per batch. */
  private nodesDropped = 0;
  private spansEvictedReported = 0;

  constructor(
    private readonly limits: GraphLimits,
    private readonly metrics: ServiceMetrics,
  ) {
    this.spans = new SpanWindow(limits.maxSpans, limits.windowSeconds * 1000);
    this.collector = new EvidenceCollector(this.spans, limits.peerServiceDirection);
  }

  /**
   * Walks a scored batch (verdicts aligned with records in document order): `collect` then
   * `observeEvidence`, for callers that hold the request until its verdicts are back.
   */
  observe(data: LogsData, verdicts: readonly RecordVerdict[], nowMs: number = Date.now()): void {
    this.observeEvidence(this.collect(data, nowMs), verdicts, nowMs);
  }

  /**
   * At receipt, before scoring: the edges each record of the request is evidence of (parent span
   * links are looked up and remembered here). The result holds no object of `data`.
   */
  collect(data: LogsData, nowMs: number = Date.now()): GraphEvidence {
    return this.collector.collect(data, nowMs);
  }

  /** When the verdicts of a collected request are back: counts its edges and nodes. */
  observeEvidence(evidence: GraphEvidence, verdicts: readonly RecordVerdict[], nowMs: number = Date.now()): void {
    // Per batch, edges are aggregated by client then server, and node counts by run of records
    // of one service: no per-record key strings or node lookups.
    // Client → its first edge in this batch, chained to the others (a client rarely calls more
    // than a few servers, and a batch can hold a thousand clients seen once each).
    const batch = new Map<string, BatchEdge>();
    let runService = '';
    let runRecords = 0;
    let runAnomalous = 0;
    const { records, edges, edgeRecord, edgeClient, edgeServer } = evidence;
    let e = 0;
    for (let i = 0; i < records; i++) {
      const verdict = verdicts[i];
      if (!verdict) {
        while (e < edges && edgeRecord[e] === i) e++;
        continue;
      }
      if (verdict.service !== runService) {
        if (runRecords > 0) this.countNode(runService, runRecords, runAnomalous);
        runService = verdict.service;
        runRecords = runAnomalous = 0;
      }
      runRecords++;
      if (verdict.isAnomaly) runAnomalous++;
      for (; e < edges && edgeRecord[e] === i; e++) addBatchEdge(batch, edgeClient[e], edgeServer[e], verdict);
    }
    if (runRecords > 0) this.countNode(runService, runRecords, runAnomalous);

    const aggregated: BatchEdge[] = [];
    for (const first of batch.values()) for (let agg: BatchEdge | undefined = first; agg !== undefined; agg = agg.next) aggregated.push(agg);
    this.metrics.observeEdges(aggregated);
    let edgesDropped = 0;
    for (const agg of aggregated) {
      if (agg.fromServer > 0) this.countNode(agg.client, agg.fromServer, agg.fromServerAnomalous);
      const fromClient = agg.calls - agg.fromServer;
      if (fromClient > 0) this.countNode(agg.server, fromClient, agg.anomalous - agg.fromServerAnomalous);
      let servers = this.edges.get(agg.client);
      const kept = servers?.get(agg.server);
      if (kept) {
        kept.calls += agg.calls;
        kept.anomalous += agg.anomalous;
      } else if (this.edgeCount < this.limits.maxEdges && this.nodes.has(agg.client) && this.nodes.has(agg.server)) {
        // An edge is kept only between kept nodes: Grafana's node graph fails on an edge whose
        // end is not among the nodes, and nodes refused by their cap never come in later.
        if (!servers) {
          servers = new Map();
          this.edges.set(agg.client, servers);
        }
        servers.set(agg.server, { client: agg.client, server: agg.server, calls: agg.calls, anomalous: agg.anomalous });
        this.edgeCount++;
      } else {
        edgesDropped++;
      }
    }
    if (edgesDropped > 0) this.metrics.countCapEvent('service_graph.edges.dropped', edgesDropped);
    if (this.nodesDropped > 0) {
      this.metrics.countCapEvent('service_graph.nodes.dropped', this.nodesDropped);
      this.nodesDropped = 0;
    }
    this.spans.expire(nowMs);
    if (this.spans.evicted > this.spansEvictedReported) {
      this.metrics.countCapEvent('service_graph.spans.evicted', this.spans.evicted - this.spansEvictedReported);
      this.spansEvictedReported = this.spans.evicted;
    }
  }

  private countNode(id: string, records: number, anomalous: number): void {
    let node = this.nodes.get(id);
    if (!node) {
      // Nodes are bounded by the edges that can name them (two per edge) plus the services.
      if (this.nodes.size >= this.limits.maxEdges * 2) {
        this.nodesDropped++;
        return;
      }
      node = { records: 0, anomalous: 0 };
      this.nodes.set(id, node);
    }
    node.records += records;
    node.anomalous += anomalous;
  }

  /** Grafana Node Graph frames: nodes with arcs (normal/anomalous share), edges with call counts. */
  toNodeGraph(): { nodes: NodeGraphNode[]; edges: NodeGraphEdge[] } {
    const nodes: NodeGraphNode[] = [];
    for (const [id, n] of this.nodes) {
      const share = n.records > 0 ? n.anomalous / n.records : 0;
      nodes.push({
        id,
        title: id,
        subtitle: nodeKind(id),
        mainstat: n.records,
        secondarystat: n.anomalous,
        arc__normal: 1 - share,
        arc__anomalous: share,
        detail__kind: nodeKind(id),
      });
    }
    const edges: NodeGraphEdge[] = [];
    for (const servers of this.edges.values()) for (const e of servers.values()) {
      edges.push({ id: `${e.client}->${e.server}`, source: e.client, target: e.server, mainstat: e.calls, secondarystat: e.anomalous });
    }
    return { nodes, edges };
  }
}
