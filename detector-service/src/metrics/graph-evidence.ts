/**
 * The service graph's evidence from one request, found at receipt, before any verdict exists:
 * which edges each record is evidence of. It keeps no object of the decoded request (only the
 * edge ends, which are strings, and record indexes in a typed array), so the request can be
 * dropped as soon as it is handed to the scoring thread instead of living until its verdicts
 * come back.
 */
import { serviceName, type LogsData } from '@anomalog/collector-processor';
import { forEachEdge, type PeerServiceDirection, type SpanWindow } from './graph-edges.js';

export interface GraphEvidence {
  /** Records walked, in document order (the verdicts are aligned with them). */
  readonly records: number;
  /** Edges found: the first `edges` entries of the three arrays below. */
  readonly edges: number;
  /** For each edge, the index in document order of the record it came from (ascending). */
  readonly edgeRecord: Int32Array;
  readonly edgeClient: readonly string[];
  readonly edgeServer: readonly string[];
}

/** Edge slots per record reserved up front (a client and a peer are common; more grow by doubling). */
const EDGES_PER_RECORD = 2;
/** What the collector holds between requests (shared, never written: collect starts new arrays). */
const NO_RECORDS = new Int32Array(0);
const NO_NODES: string[] = [];

/** Walks requests into evidence; one per graph, as it shares the graph's span window. */
export class EvidenceCollector {
  private recordIndex = 0;
  private edgeCount = 0;
  private edgeRecord = NO_RECORDS;
  private edgeClient = NO_NODES;
  private edgeServer = NO_NODES;
  /** Bound once: no closure is made per request or per record. */
  private readonly emit = (client: string, server: string): void => {
    const at = this.edgeCount++;
    if (at === this.edgeRecord.length) {
      const grown = new Int32Array(at * 2);
      grown.set(this.edgeRecord);
      this.edgeRecord = grown;
    }
    this.edgeRecord[at] = this.recordIndex;
    this.edgeClient.push(client);
    this.edgeServer.push(server);
  };

  constructor(
    private readonly spans: SpanWindow,
    private readonly peerDirection: PeerServiceDirection,
  ) {}

  collect(data: LogsData, nowMs: number): GraphEvidence {
    const resourceLogs = data.resourceLogs;
    let records = 0;
    for (let r = 0; r < resourceLogs.length; r++) {
      const scopeLogs = resourceLogs[r].scopeLogs;
      for (let s = 0; s < scopeLogs.length; s++) records += scopeLogs[s].logRecords.length;
    }
    this.recordIndex = 0;
    this.edgeCount = 0;
    this.edgeRecord = new Int32Array(Math.max(16, records * EDGES_PER_RECORD));
    this.edgeClient = [];
    this.edgeServer = [];
    for (let r = 0; r < resourceLogs.length; r++) {
      const rl = resourceLogs[r];
      // The record's own service as the engine names it (verdict.service).
      const service = serviceName(rl.resource);
      for (let s = 0; s < rl.scopeLogs.length; s++) {
        const logRecords = rl.scopeLogs[s].logRecords;
        for (let i = 0; i < logRecords.length; i++) {
          forEachEdge(service, logRecords[i], rl.resource, this.spans, nowMs, this.peerDirection, this.emit);
          this.recordIndex++;
        }
      }
    }
    const evidence: GraphEvidence = {
      records,
      edges: this.edgeCount,
      edgeRecord: this.edgeRecord,
      edgeClient: this.edgeClient,
      edgeServer: this.edgeServer,
    };
    // The evidence is the caller's now: the next request gets arrays of its own.
    this.edgeRecord = NO_RECORDS;
    this.edgeClient = this.edgeServer = NO_NODES;
    return evidence;
  }
}
