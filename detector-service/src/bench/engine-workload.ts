import type { LogRecord, LogsData, Resource } from '@anomalog/collector-processor';
import { createScenario, toLogsBatch } from '../generator/index.js';
import { decodeExportLogsRequest, encodeExportLogsRequest } from '../otlp/index.js';

/**
 * A replayable engine workload: generated shop traffic (several services, traces, attributes,
 * injected incidents) as OTLP batches of `batchSize` records. `rewind(pass)` undoes what the
 * engine added to the records and moves their times `pass` spans later, so each replay is new
 * traffic to the engine's learned state rather than a jump back in time.
 *
 * The batches are what the OTLP receiver hands the engine: each generated batch is encoded to
 * protobuf and decoded again. Generated text is built by concatenation (V8 cons strings, read
 * through an indirection); decoded text is flat, and its short repeated strings are shared.
 */
export class EngineWorkload {
  readonly batches: LogsData[];
  readonly records: number;
  private readonly spanNanos: bigint;
  private readonly originalTimes: BigInt64Array;
  private readonly originalAttrCounts: Int32Array;

  constructor(records: number, batchSize = 1000, seed = 7) {
    const generated = [...createScenario({ seed, records }).records()];
    this.batches = [];
    for (let i = 0; i < generated.length; i += batchSize) {
      this.batches.push(decodeExportLogsRequest(encodeExportLogsRequest(toLogsBatch(generated.slice(i, i + batchSize)).data)));
    }
    this.records = generated.length;
    const first = generated[0]?.timeMs ?? 0;
    const last = generated[generated.length - 1]?.timeMs ?? 0;
    this.spanNanos = BigInt(Math.ceil(last - first + 1000)) * 1_000_000n;
    this.originalTimes = new BigInt64Array(this.records);
    this.originalAttrCounts = new Int32Array(this.records);
    let i = 0;
    this.forEachRecord((r) => {
      this.originalTimes[i] = r.timeUnixNano;
      this.originalAttrCounts[i++] = r.attributes.length;
    });
  }

  /** Restores the records for replay number `pass` (0 = as generated). Not part of the timing. */
  rewind(pass: number): void {
    const shift = this.spanNanos * BigInt(pass);
    let i = 0;
    this.forEachRecord((r) => {
      r.attributes.length = this.originalAttrCounts[i];
      r.timeUnixNano = this.originalTimes[i] + shift;
      r.observedTimeUnixNano = r.timeUnixNano;
      i++;
    });
  }

  /** Gives every resource one of `services` service names (for the many-services memory run). */
  spreadOverServices(services: number): void {
    const resources: Resource[] = Array.from({ length: services }, (_, k) => ({
      attributes: [{ key: 'service.name', value: `service-${String(k).padStart(4, '0')}` }],
      droppedAttributesCount: 0,
    }));
    let k = 0;
    for (const batch of this.batches) {
      const split: LogsData['resourceLogs'] = [];
      for (const rl of batch.resourceLogs) {
        for (const sl of rl.scopeLogs) {
          for (const record of sl.logRecords) {
            split.push({ resource: resources[k++ % services], scopeLogs: [{ scope: sl.scope, logRecords: [record], schemaUrl: '' }], schemaUrl: '' });
          }
        }
      }
      batch.resourceLogs = split;
    }
  }

  private forEachRecord(fn: (r: LogRecord) => void): void {
    for (const batch of this.batches) for (const rl of batch.resourceLogs) for (const sl of rl.scopeLogs) for (const r of sl.logRecords) fn(r);
  }
}
