import type { LogRecord, RecordVerdict } from '@anomalog/collector-processor';
import { bytesToHex, nanosToIso, recordTimeNanos } from '../exporters/any-value.js';

export interface RecentAnomaly {
  time: string;
  service: string;
  class: string;
  classConfidence: number;
  score: number;
  severityNumber: number;
  template: string;
  templateId: string;
  reasons: string[];
  message: string;
  traceId: string;
  spanId: string;
}

const MAX_MESSAGE = 2048;

/** The latest anomalies in a fixed-size ring: the oldest is overwritten, memory never grows. */
export class AnomalyRing {
  private readonly slots: (RecentAnomaly | undefined)[];
  private next = 0;
  /** Anomalies ever added (those beyond the capacity were overwritten). */
  total = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array<RecentAnomaly | undefined>(capacity);
  }

  add(verdict: RecordVerdict, record: LogRecord): void {
    this.addParts(verdict, recordTimeNanos(record.timeUnixNano, record.observedTimeUnixNano, verdict.timeMs), bytesToHex(record.traceId), bytesToHex(record.spanId));
  }

  /** An anomaly whose record is no longer decoded: its time (nanoseconds) and ids (hex) are given. */
  addParts(verdict: RecordVerdict, timeNanos: bigint, traceIdHex: string, spanIdHex: string): void {
    this.slots[this.next] = {
      time: nanosToIso(timeNanos),
      service: verdict.service,
      class: verdict.class,
      classConfidence: verdict.classConfidence,
      score: verdict.score,
      severityNumber: verdict.severityNumber,
      template: verdict.template,
      templateId: verdict.templateId,
      reasons: verdict.reasons,
      message: verdict.message.length > MAX_MESSAGE ? verdict.message.slice(0, MAX_MESSAGE) : verdict.message,
      traceId: traceIdHex,
      spanId: spanIdHex,
    };
    this.next = (this.next + 1) % this.capacity;
    this.total++;
  }

  /** Newest first, optionally of one service. */
  list(limit: number, service?: string): RecentAnomaly[] {
    const out: RecentAnomaly[] = [];
    for (let k = 1; k <= this.capacity && out.length < limit; k++) {
      const item = this.slots[(this.next - k + this.capacity) % this.capacity];
      if (!item) break;
      if (service === undefined || item.service === service) out.push(item);
    }
    return out;
  }
}
