/**
 * The soak's offered traffic: `services` services, each with `templatesPerService` message kinds
 * of its own, so `services * templatesPerService` distinct templates in all. Each request carries
 * a run of services, and each service's records walk through its kinds in turn, so every
 * template has been offered once after `services * templatesPerService` records and then again,
 * as a long-running service sees the same (large) vocabulary over and over.
 */
import type { AnyValue, KeyValue, LogRecord, LogsData, ResourceLogs } from '@anomalog/collector-processor';

export interface SoakWorkloadOptions {
  services: number;
  templatesPerService: number;
  recordsPerRequest: number;
  servicesPerRequest: number;
}

const CONSONANTS = 'bdfgklmnprstvz';
const VOWELS = 'aeiou';
const SYLLABLES = [...CONSONANTS].flatMap((c) => [...VOWELS].map((v) => c + v));

/**
 * A pronounceable word for `n` (three or more syllables, only letters): unlike numbers or hex
 * strings, a miner has no reason to read it as a variable, so each kind stays its own template.
 */
export function wordFor(n: number): string {
  let word = '';
  let rest = n;
  for (let i = 0; i < 3 || rest > 0; i++) {
    word += SYLLABLES[rest % SYLLABLES.length];
    rest = Math.floor(rest / SYLLABLES.length);
  }
  return word;
}

function kv(key: string, value: AnyValue): KeyValue {
  return { key, value };
}

export class SoakWorkload {
  private readonly nextKind: Uint32Array;
  private nextService = 0;
  /** Message text per kind, built on first use (kind = service * templatesPerService + template). */
  private readonly texts = new Map<number, string>();

  constructor(readonly options: SoakWorkloadOptions) {
    this.nextKind = new Uint32Array(options.services);
  }

  get distinctTemplates(): number {
    return this.options.services * this.options.templatesPerService;
  }

  /** The kind's words: all its own (4 to 7 of them, so lengths differ too), then a number. */
  private text(kind: number): string {
    let text = this.texts.get(kind);
    if (text === undefined) {
      const words: string[] = [];
      for (let w = 0; w < 4 + (kind % 4); w++) words.push(wordFor(kind * 8 + w));
      text = words.join(' ');
      this.texts.set(kind, text);
    }
    return text;
  }

  /** The next request, its records stamped from `nowMs` on. */
  nextRequest(nowMs: number): LogsData {
    const { services, templatesPerService, recordsPerRequest, servicesPerRequest } = this.options;
    const perService = Math.ceil(recordsPerRequest / servicesPerRequest);
    const resourceLogs: ResourceLogs[] = [];
    let produced = 0;
    while (produced < recordsPerRequest) {
      const s = this.nextService;
      this.nextService = (s + 1) % services;
      const records: LogRecord[] = [];
      for (let i = 0; i < perService && produced < recordsPerRequest; i++, produced++) {
        const template = this.nextKind[s];
        this.nextKind[s] = (template + 1) % templatesPerService;
        const kind = s * templatesPerService + template;
        const time = BigInt(nowMs) * 1_000_000n + BigInt(produced) * 1000n;
        records.push({
          timeUnixNano: time,
          observedTimeUnixNano: time,
          severityNumber: 9,
          severityText: 'INFO',
          body: `${this.text(kind)} after ${(produced * 7919 + nowMs) % 1000} ms`,
          attributes: [kv('http.route', `/api/${wordFor(s)}`), kv('duration_ms', (produced % 250) + 0.5)],
          droppedAttributesCount: 0,
          flags: 0,
          traceId: new Uint8Array(0),
          spanId: new Uint8Array(0),
          eventName: '',
        });
      }
      resourceLogs.push({
        resource: {
          attributes: [kv('service.name', `soak-${wordFor(s)}`), kv('service.instance.id', `soak-${s}-0`), kv('deployment.environment.name', 'soak')],
          droppedAttributesCount: 0,
        },
        scopeLogs: [{ scope: { name: 'soak', version: '1', attributes: [], droppedAttributesCount: 0 }, logRecords: records, schemaUrl: '' }],
        schemaUrl: '',
      });
    }
    return { resourceLogs };
  }
}
