/**
 * Verdicts in a compact columnar form for crossing from the scoring thread to the main thread.
 * Structured clone of 1,000 RecordVerdict objects costs the receiving thread more than decoding
 * the request itself; here the numbers travel in two transferred typed arrays and every distinct
 * string of the batch (services, templates, ids, classes, reasons, parameter types) once in a
 * table. Messages and parameters travel for anomalies only: after scoring, nothing reads them
 * for other records (exporters write the record itself; metrics, graph and catalog read the fields
 * carried here; the anomaly ring shows the message). decodeVerdicts gives back the anomalies
 * equal to the ones encoded, and the other verdicts with message '' and no parameters.
 */
import type { LogClass, ParamType, RecordVerdict, TypedParam } from '@anomalog/collector-processor';

export interface VerdictWire {
  count: number;
  /** Distinct strings of the batch, referenced by index from `ints`, `reasonRefs` and `paramInts`. */
  strings: string[];
  /** Per anomaly, in record order. */
  messages: string[];
  /** INTS_PER_RECORD per record; see the I_* offsets. */
  ints: Int32Array;
  /** FLOATS_PER_RECORD per record: timeMs, score, classConfidence. */
  floats: Float64Array;
  /** String indexes of every record's reasons, record after record. */
  reasonRefs: Int32Array;
  /** Per parameter: string index of its type, 1 when it has a value. */
  paramInts: Int32Array;
  paramTexts: string[];
  /** Per parameter: its value (0 when it has none). */
  paramValues: Float64Array;
}

const I_SERVICE = 0;
const I_TEMPLATE = 1;
const I_TEMPLATE_ID = 2;
const I_CLASS = 3;
const I_SEVERITY = 4;
const I_FLAGS = 5;
const I_REASONS = 6;
const I_PARAMS = 7;
const INTS_PER_RECORD = 8;
const FLOATS_PER_RECORD = 3;
const FLAG_ANOMALY = 1;
const FLAG_NEW_TEMPLATE = 2;

/** The buffers to list as transferables when posting `wire` (they are detached afterwards). */
export function wireTransferables(wire: VerdictWire): ArrayBuffer[] {
  return [wire.ints.buffer, wire.floats.buffer, wire.reasonRefs.buffer, wire.paramInts.buffer, wire.paramValues.buffer] as ArrayBuffer[];
}

export function encodeVerdicts(verdicts: readonly RecordVerdict[]): VerdictWire {
  const n = verdicts.length;
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  // A batch's service and most records' class repeat from one record to the next: their index is
  // looked up once per run of the same string, not once per record.
  let lastService: string | undefined;
  let serviceRef = 0;
  let lastClass: string | undefined;
  let classRef = 0;
  let reasonCount = 0;
  let paramCount = 0;
  let anomalies = 0;
  for (let i = 0; i < n; i++) {
    reasonCount += verdicts[i].reasons.length;
    if (!verdicts[i].isAnomaly) continue;
    anomalies++;
    paramCount += verdicts[i].params.length;
  }
  const ints = new Int32Array(n * INTS_PER_RECORD);
  const floats = new Float64Array(n * FLOATS_PER_RECORD);
  const reasonRefs = new Int32Array(reasonCount);
  const paramInts = new Int32Array(paramCount * 2);
  const paramValues = new Float64Array(paramCount);
  const messages = new Array<string>(anomalies);
  const paramTexts = new Array<string>(paramCount);
  let r = 0;
  let p = 0;
  let a = 0;
  for (let i = 0; i < n; i++) {
    const v = verdicts[i];
    const carried = v.isAnomaly;
    const o = i * INTS_PER_RECORD;
    if (v.service !== lastService) serviceRef = ref((lastService = v.service));
    ints[o + I_SERVICE] = serviceRef;
    ints[o + I_TEMPLATE] = ref(v.template);
    ints[o + I_TEMPLATE_ID] = ref(v.templateId);
    if (v.class !== lastClass) classRef = ref((lastClass = v.class));
    ints[o + I_CLASS] = classRef;
    ints[o + I_SEVERITY] = v.severityNumber;
    ints[o + I_FLAGS] = (v.isAnomaly ? FLAG_ANOMALY : 0) | (v.newTemplate ? FLAG_NEW_TEMPLATE : 0);
    ints[o + I_REASONS] = v.reasons.length;
    ints[o + I_PARAMS] = carried ? v.params.length : 0;
    const f = i * FLOATS_PER_RECORD;
    floats[f] = v.timeMs;
    floats[f + 1] = v.score;
    floats[f + 2] = v.classConfidence;
    for (const reason of v.reasons) reasonRefs[r++] = ref(reason);
    if (!carried) continue;
    messages[a++] = v.message;
    for (const param of v.params) {
      paramInts[2 * p] = ref(param.type);
      paramInts[2 * p + 1] = param.value === undefined ? 0 : 1;
      paramValues[p] = param.value ?? 0;
      paramTexts[p] = param.text;
      p++;
    }
  }
  return { count: n, strings, messages, ints, floats, reasonRefs, paramInts, paramTexts, paramValues };
}

/** Shared by every verdict without reasons or parameters (the usual case); frozen, so a stray push throws. */
const NONE = Object.freeze([]) as unknown as never[];

export function decodeVerdicts(wire: VerdictWire): RecordVerdict[] {
  const { count, strings, messages, ints, floats, reasonRefs, paramInts, paramTexts, paramValues } = wire;
  const out = new Array<RecordVerdict>(count);
  let r = 0;
  let p = 0;
  let a = 0;
  for (let i = 0; i < count; i++) {
    const o = i * INTS_PER_RECORD;
    const f = i * FLOATS_PER_RECORD;
    const reasonsLength = ints[o + I_REASONS];
    let reasons: string[] = NONE;
    if (reasonsLength > 0) {
      reasons = new Array<string>(reasonsLength);
      for (let k = 0; k < reasonsLength; k++) reasons[k] = strings[reasonRefs[r++]];
    }
    const paramsLength = ints[o + I_PARAMS];
    let params: TypedParam[] = NONE;
    if (paramsLength > 0) {
      params = new Array<TypedParam>(paramsLength);
      for (let k = 0; k < paramsLength; k++, p++) {
        const type = strings[paramInts[2 * p]] as ParamType;
        params[k] = paramInts[2 * p + 1] === 1 ? { type, text: paramTexts[p], value: paramValues[p] } : { type, text: paramTexts[p] };
      }
    }
    const flags = ints[o + I_FLAGS];
    out[i] = {
      service: strings[ints[o + I_SERVICE]],
      timeMs: floats[f],
      severityNumber: ints[o + I_SEVERITY],
      message: (flags & FLAG_ANOMALY) !== 0 ? messages[a++] : '',
      template: strings[ints[o + I_TEMPLATE]],
      templateId: strings[ints[o + I_TEMPLATE_ID]],
      params,
      newTemplate: (flags & FLAG_NEW_TEMPLATE) !== 0,
      score: floats[f + 1],
      isAnomaly: (flags & FLAG_ANOMALY) !== 0,
      class: strings[ints[o + I_CLASS]] as LogClass,
      classConfidence: floats[f + 2],
      reasons,
    };
  }
  return out;
}
