/**
 * `anomalog generate`: realistic logs of a small web shop with labelled injected incidents, as
 * JSONL (with the ground truth on every line) or sent as OTLP through the OpenTelemetry JS SDK.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createScenario, type ScenarioOptions } from '../../generator/scenario.js';
import { ANOMALY_TYPES, isAnomalyType, toJsonLine, type AnomalyType } from '../../generator/record.js';
import { OTLP_PROTOCOLS, OtlpSink, type OtlpProtocol } from '../../generator/otlp-sink.js';
import { parseDuration } from '../../generator/duration.js';
import { TextWriter } from '../../generator/text-writer.js';

export const summary = 'generate labelled microservice logs with injected incidents (JSONL or OTLP)';

const HELP = `usage: anomalog generate [options]

Simulates a web shop (frontend, auth, inventory, checkout, payments, shipping, db-proxy) with
traces, users, client IPs and a daily traffic rhythm, and injects labelled incidents after a
warm-up. The same seed and options give the same records.

  --seed S             random seed (default 1)
  --start ISO          start of the simulated clock (default 2026-03-02T09:00:00Z)
  --duration D         log time to simulate: 90s, 30m, 2h, 1d (default 1h unless --records)
  --records N          stop after N records
  --rate R             mean public requests per second over a day (default 5)
  --warmup D           quiet time before the first incident (default 10m)
  --gap D              mean time between incident starts (default 4m)
  --anomalies LIST     comma-separated types, or 'none' (default all: ${ANOMALY_TYPES.join(', ')})
  --out FILE           write JSONL to FILE instead of stdout
  --incidents FILE     also write the incident schedule (JSON array) to FILE
  --otlp PROTOCOL      send OTLP instead of JSONL: grpc, http (protobuf) or http-json
  --endpoint URL       OTLP endpoint (default http://localhost:4317 for grpc, http://localhost:4318 for http)
  --header K=V         extra OTLP/HTTP header, repeatable (e.g. authorization=Bearer x)
  --with-truth         with --otlp, add test.label, test.anomaly_type, test.incident_id attributes
  --realtime           pace output to the simulated clock
  --speed X            with --realtime, X times faster than real time (default 1)
`;

function fail(message: string): number {
  process.stderr.write(`anomalog generate: ${message}\n`);
  return 2;
}

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        seed: { type: 'string' },
        start: { type: 'string' },
        duration: { type: 'string' },
        records: { type: 'string' },
        rate: { type: 'string' },
        warmup: { type: 'string' },
        gap: { type: 'string' },
        anomalies: { type: 'string' },
        out: { type: 'string' },
        incidents: { type: 'string' },
        otlp: { type: 'string' },
        endpoint: { type: 'string' },
        header: { type: 'string', multiple: true },
        'with-truth': { type: 'boolean', default: false },
        realtime: { type: 'boolean', default: false },
        speed: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    return fail(`${(err as Error).message}\n${HELP}`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }

  let options: ScenarioOptions;
  let speed = 1;
  let headers: Record<string, string> | undefined;
  try {
    options = {
      seed: values.seed ?? 1,
      start: values.start,
      durationMs: values.duration === undefined ? undefined : parseDuration(values.duration),
      records: values.records === undefined ? undefined : positiveNumber('--records', values.records),
      rate: values.rate === undefined ? undefined : positiveNumber('--rate', values.rate),
      warmupMs: values.warmup === undefined ? undefined : parseDuration(values.warmup),
      incidentGapMs: values.gap === undefined ? undefined : parseDuration(values.gap),
      anomalies: values.anomalies === undefined ? undefined : parseAnomalies(values.anomalies),
    };
    if (values.speed !== undefined) speed = positiveNumber('--speed', values.speed);
    if (values.header !== undefined) {
      headers = {};
      for (const h of values.header) {
        const eq = h.indexOf('=');
        if (eq <= 0) throw new Error(`--header '${h}' must be KEY=VALUE`);
        headers[h.slice(0, eq).trim()] = h.slice(eq + 1).trim();
      }
    }
    if (values.otlp !== undefined && !(OTLP_PROTOCOLS as readonly string[]).includes(values.otlp)) {
      throw new Error(`--otlp must be one of ${OTLP_PROTOCOLS.join(', ')}`);
    }
    if (values.otlp !== undefined && values.out !== undefined) throw new Error('--out writes JSONL; it cannot be combined with --otlp');
  } catch (err) {
    return fail((err as Error).message);
  }

  let scenario;
  try {
    scenario = createScenario(options);
  } catch (err) {
    return fail((err as Error).message);
  }
  const protocol = values.otlp as OtlpProtocol | undefined;
  const sink = protocol === undefined ? undefined : new OtlpSink({
    protocol,
    endpoint: values.endpoint ?? (protocol === 'grpc' ? 'http://localhost:4317' : 'http://localhost:4318'),
    headers,
    includeTruth: values['with-truth'],
  });
  const out = sink === undefined ? new TextWriter(values.out === undefined ? process.stdout : createWriteStream(values.out)) : undefined;

  const progress = new Progress();
  const wallStart = Date.now();
  const simStart = scenario.options.startMs;
  let buffer = '';
  let count = 0;
  let labelled = 0;
  for (const record of scenario.records()) {
    if (values.realtime) {
      const due = wallStart + (record.timeMs - simStart) / speed;
      const wait = due - Date.now();
      if (wait > 5) {
        if (out !== undefined && buffer !== '') {
          await out.write(buffer);
          buffer = '';
        }
        await sleep(wait);
      }
    }
    count++;
    labelled += record.label;
    if (sink !== undefined) {
      sink.emit(record);
      if (!values.realtime) await sink.flushIfDue();
    } else {
      buffer += toJsonLine(record) + '\n';
      if (buffer.length >= 1 << 16 && out !== undefined) {
        await out.write(buffer);
        buffer = '';
        if (out.closed) break;
      }
    }
    progress.update(count, labelled, record.timeMs);
  }
  if (out !== undefined) {
    if (buffer !== '') await out.write(buffer);
    await out.end();
  }
  if (sink !== undefined) await sink.shutdown();
  progress.done();
  if (sink !== undefined) {
    const { exported, failed, lastError } = sink.delivery;
    const unsent = sink.emitted - exported - failed;
    if (failed > 0 || unsent > 0) {
      process.stderr.write(`anomalog generate: ${exported} of ${sink.emitted} records delivered, ${failed} failed${unsent > 0 ? `, ${unsent} not sent` : ''}${lastError ? ` (last error: ${lastError})` : ''}\n`);
      return 1;
    }
  }
  if (values.incidents !== undefined) writeFileSync(values.incidents, JSON.stringify(scenario.incidents, null, 2) + '\n');
  if (process.stderr.isTTY === true) {
    process.stderr.write(`generated ${count} records (${labelled} labelled, ${scenario.incidents.length} incidents) in ${((Date.now() - wallStart) / 1000).toFixed(1)} s\n`);
  }
  return 0;
}

function positiveNumber(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number, got '${text}'`);
  return n;
}

function parseAnomalies(text: string): AnomalyType[] {
  if (text.trim() === 'none') return [];
  const list = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const a of list) if (!isAnomalyType(a)) throw new Error(`unknown anomaly type '${a}' (known: ${ANOMALY_TYPES.join(', ')}, or none)`);
  return list as AnomalyType[];
}

/** Records generated so far, on stderr when it is a terminal. */
class Progress {
  private last = 0;
  private readonly enabled = process.stderr.isTTY === true;
  private readonly started = Date.now();

  update(count: number, labelled: number, timeMs: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    const rate = Math.round(count / Math.max(0.001, (now - this.started) / 1000));
    process.stderr.write(`\rgenerate: ${count} records, ${labelled} labelled, log time ${new Date(timeMs).toISOString()}, ${rate} records/s   `);
  }

  done(): void {
    if (this.enabled && this.last !== 0) process.stderr.write('\n');
  }
}
