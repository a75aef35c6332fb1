/**
 * The JSON lines of a request's records, rendered when the service takes the request, all but
 * what only the verdict gives (time fallback, service, the anomalog.* attributes). The decoded
 * request can then go at once instead of waiting out its scoring: kept for those 50 to 100 ms,
 * its thousands of objects per request were promoted by V8's young-generation collector, and
 * the old-generation work that followed was about a quarter of the main thread's CPU.
 *
 * A line is then written as head (writeLineHead) + middle + verdict entries + tail, the same
 * bytes as writeRecordJson gives for the enriched record (rendered-records.test.ts checks it).
 */
import { carriesVerdictAttributes, type LogRecord, type LogsData, type RecordVerdict, type ResourceLogs, type ScopeLogs } from '@anomalog/collector-processor';
import { countRecords } from '../../otlp/count-records.js';
import { JsonBytes } from './json-bytes.js';
import { writeLineHead, writeLineMiddle, writeLineTail, writeVerdictEntries, type IdPositions } from './record-json.js';

/** Per record: middle start, verdict split, tail end, trace id hex start and end, span id hex start and end. */
const FIELDS = 7;

/** A record kept decoded, with what it came under. */
export interface DecodedRecord {
  resourceLogs: ResourceLogs;
  scopeLogs: ScopeLogs;
  record: LogRecord;
}

/** A rendering buffer that grew past this is not kept for the next request. */
const MAX_KEPT_SCRATCH_BYTES = 32 * 1024 * 1024;
let scratch = new JsonBytes(512 * 1024);
const ids: IdPositions = { traceStart: 0, traceEnd: 0, spanStart: 0, spanEnd: 0 };

interface SliceableBuffer extends Buffer {
  latin1Slice(start: number, end: number): string;
}

export class RenderedRecords {
  constructor(
    /** The rendered parts of every record, back to back. */
    private readonly bytes: Buffer,
    private readonly positions: Int32Array,
    /** Each record's time in nanoseconds, 0 when it has none (the verdict's is used then). */
    private readonly times: BigInt64Array,
    /**
     * Records that carry anomalog.* attributes of their own (an earlier pass): enrichment replaces
     * their values from the verdict, so they are kept decoded and exported as they are enriched.
     */
    readonly carrying: ReadonlyMap<number, DecodedRecord> | undefined,
  ) {}

  get count(): number {
    return this.times.length;
  }

  /** Bytes held (rendered text), for accounting. */
  get byteLength(): number {
    return this.bytes.length;
  }

  /** The record's time in nanoseconds, or the verdict's when it has none (as recordTimeNanos has it). */
  timeNanos(index: number, verdictTimeMs: number): bigint {
    const nanos = this.times[index];
    return nanos !== 0n ? nanos : BigInt(Math.round(verdictTimeMs)) * 1_000_000n;
  }

  /** The record's trace id as lowercase hex ('' when it has none). */
  traceIdHex(index: number): string {
    const at = index * FIELDS;
    return (this.bytes as SliceableBuffer).latin1Slice(this.positions[at + 3], this.positions[at + 4]);
  }

  /** The record's span id as lowercase hex ('' when it has none). */
  spanIdHex(index: number): string {
    const at = index * FIELDS;
    return (this.bytes as SliceableBuffer).latin1Slice(this.positions[at + 5], this.positions[at + 6]);
  }

  /** The record's whole line (without the newline), appended to `out`; not for a carrying record. */
  writeLine(out: JsonBytes, index: number, verdict: RecordVerdict): void {
    const at = index * FIELDS;
    const positions = this.positions;
    writeLineHead(out, this.timeNanos(index, verdict.timeMs), verdict.service);
    out.raw(this.bytes.subarray(positions[at], positions[at + 1]));
    writeVerdictEntries(out, verdict);
    out.raw(this.bytes.subarray(positions[at + 1], positions[at + 2]));
  }
}

/** Renders every record of a request (document order), as the JSONL exporter will write it. */
export function renderRecords(data: LogsData): RenderedRecords {
  const n = countRecords(data);
  const positions = new Int32Array(n * FIELDS);
  const times = new BigInt64Array(n);
  let carrying: Map<number, DecodedRecord> | undefined;
  const out = scratch;
  out.reset();
  let i = 0;
  for (const resourceLogs of data.resourceLogs) {
    for (const scopeLogs of resourceLogs.scopeLogs) {
      const records = scopeLogs.logRecords;
      for (let r = 0; r < records.length; r++, i++) {
        const record = records[r];
        const at = i * FIELDS;
        if (carriesVerdictAttributes(record.attributes)) {
          (carrying ??= new Map()).set(i, { resourceLogs, scopeLogs, record });
          positions.fill(out.pos, at, at + FIELDS);
          continue;
        }
        const t = record.timeUnixNano;
        times[i] = t > 0n ? t : record.observedTimeUnixNano > 0n ? record.observedTimeUnixNano : 0n;
        positions[at] = out.pos;
        writeLineMiddle(out, record, true);
        positions[at + 1] = out.pos;
        writeLineTail(out, resourceLogs, scopeLogs, record, ids);
        positions[at + 2] = out.pos;
        positions[at + 3] = ids.traceStart;
        positions[at + 4] = ids.traceEnd;
        positions[at + 5] = ids.spanStart;
        positions[at + 6] = ids.spanEnd;
      }
    }
  }
  // The request's own copy, exactly its size: the scratch buffer serves the next request.
  const bytes = Buffer.allocUnsafe(out.pos);
  out.buf.copy(bytes, 0, 0, out.pos);
  if (out.buf.length > MAX_KEPT_SCRATCH_BYTES) scratch = new JsonBytes(512 * 1024);
  return new RenderedRecords(bytes, positions, times, carrying);
}
