/**
 * `anomalog soak [--minutes N] ...`: memory over a long run. Starts `anomalog serve` in a child
 * process with its configured caps (the embedded default, or --config), offers it a large
 * vocabulary (1,000 services x 100 kinds each = 100,000 distinct templates by default) over OTLP
 * gRPC at a steady rate, samples the service's RSS every few seconds, and reports whether RSS
 * levelled off and stayed under a budget. RSS is a sawtooth (garbage collection, the periodic
 * state snapshot), so "levelled off" compares the last quarter of the run with the quarter
 * before: neither its high (peak) nor its low (the floor after collection) may rise by more than
 * the allowed slope over that time plus 5%. The least-squares slope of the last half is reported too.
 * Prints one JSON object; exit 0 when both hold, 1 when not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeExportLogsRequest } from '../../otlp/proto-encode-logs.js';
import { LatencyRecorder } from '../../bench/latency-stats.js';
import { createLoadClient } from '../../bench/otlp-load-client.js';
import { cpuSecondsOf, peakRssMbOf, rssMbOf } from '../../bench/process-stats.js';
import { startServeProcess, type ServeProcess } from '../../bench/serve-process.js';
import { SoakWorkload } from '../../bench/soak-workload.js';
import { median } from '../../eval/detection-metrics.js';

export const summary = 'long-run memory check: large vocabulary over OTLP gRPC, RSS must level off under a budget';

const HELP = `usage: anomalog soak [options]

  --minutes N          how long to offer load (default 10)
  --rate N             records per second offered (default 5000)
  --services N         distinct services (default 1000)
  --templates N        distinct templates in all, spread over the services (default 100000)
  --rss-budget-mb N    the service's RSS must stay under this (default 1024)
  --max-slope N        levelled off: RSS may rise at most N MB/min (+5%) from the third to
                       the last quarter, at its peaks and at its median (default 2)
  --sample-seconds N   RSS sampling interval (default 5)
  --state-interval-seconds N
                       the service's periodic state save (default: its configuration's)
  --config FILE        the service's configuration (default: the embedded one)
`;

interface Sample {
  seconds: number;
  rssMb: number;
}

/** What the service said at one sample: state saves done so far, and its longest event-loop block since the last look. */
interface ServiceSample {
  seconds: number;
  saves: number;
  lastSaveMs: number;
  lastSaveBytes: number;
  eventLoopLagMaxMs: number;
}

/** Least-squares slope of RSS against time, in MB per minute. */
export function slopeMbPerMinute(samples: readonly Sample[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const meanT = samples.reduce((a, s) => a + s.seconds, 0) / n;
  const meanR = samples.reduce((a, s) => a + s.rssMb, 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.seconds - meanT) * (s.rssMb - meanR);
    den += (s.seconds - meanT) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60;
}

/**
 * Peak and typical level (median) of the last quarter against the quarter before: a leak under
 * the sawtooth of garbage collection lifts the median with it. The floor (lowest sample) is
 * reported but not judged: one sample caught just after a full collection sits tens of MB below
 * the rest, and judged against it a flat run failed.
 */
export function levelling(samples: readonly Sample[], elapsedSeconds: number, maxSlopeMbPerMinute: number) {
  const within = (from: number, to: number) => samples.filter((s) => s.seconds >= from && s.seconds < to).map((s) => s.rssMb);
  const third = within(elapsedSeconds / 2, (elapsedSeconds * 3) / 4);
  const last = within((elapsedSeconds * 3) / 4, Infinity);
  if (third.length < 2 || last.length < 2) return { levelledOff: false, thirdQuarter: null, lastQuarter: null };
  const allowed = (base: number) => base * 1.05 + (maxSlopeMbPerMinute * elapsedSeconds) / 4 / 60;
  const quarter = (rss: number[]) => ({ peakMb: Math.max(...rss), medianMb: median(rss) ?? Number.NaN, floorMb: Math.min(...rss) });
  const thirdQuarter = quarter(third);
  const lastQuarter = quarter(last);
  return {
    levelledOff: lastQuarter.peakMb <= allowed(thirdQuarter.peakMb) && lastQuarter.medianMb <= allowed(thirdQuarter.medianMb),
    thirdQuarter,
    lastQuarter,
  };
}

/** The service's state-save counters and its event-loop lag maximum since the previous scrape. */
async function sampleService(admin: string, seconds: number): Promise<ServiceSample | undefined> {
  try {
    const status = await fetchStatus(admin);
    const lag = await counterSeries(admin, 'anomalog_process_nodejs_eventloop_lag_max_seconds');
    const state = status?.state;
    if (!state) return undefined;
    const lagSeconds = Object.values(lag)[0] ?? NaN;
    return { seconds, saves: state.saves, lastSaveMs: state.lastSaveMs, lastSaveBytes: state.lastSaveBytes, eventLoopLagMaxMs: Math.round(lagSeconds * 1000) };
  } catch {
    return undefined;
  }
}

/** The samples at which the save count had moved on since the previous one. */
function savesSeen(serviceSamples: readonly ServiceSample[]): ServiceSample[] {
  return serviceSamples.filter((s, i) => s.saves > (i === 0 ? 0 : serviceSamples[i - 1].saves));
}

/** Peak RSS in each stretch between saves seen finishing (the save's own peak falls in the stretch it ends). */
function peakRssPerSave(samples: readonly Sample[], serviceSamples: readonly ServiceSample[]): number[] {
  const ends = savesSeen(serviceSamples).map((s) => s.seconds);
  return ends.map((end, i) => {
    const from = i === 0 ? -Infinity : ends[i - 1];
    const within = samples.filter((s) => s.seconds > from && s.seconds <= end).map((s) => s.rssMb);
    return within.length === 0 ? NaN : Math.max(...within);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function positive(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
}

interface StatusAnswer {
  services: number;
  templates: number;
  state: { saves: number; lastSaveBytes: number; lastSaveMs: number } | null;
}

async function fetchStatus(admin: string): Promise<StatusAnswer | undefined> {
  try {
    return (await (await fetch(`${admin}/api/v1/status`)).json()) as StatusAnswer;
  } catch {
    return undefined;
  }
}

/** A counter's series in Prometheus text, keyed by their label sets. */
async function counterSeries(admin: string, name: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${admin}/metrics`)).text();
  const series: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labels = line.startsWith(`${name}{`) ? line.slice(name.length + 1, line.indexOf('}')) : '';
    series[labels] = Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return series;
}

export async function run(argv: string[]): Promise<number> {
  let opts;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        minutes: { type: 'string', default: '10' },
        rate: { type: 'string', default: '5000' },
        services: { type: 'string', default: '1000' },
        templates: { type: 'string', default: '100000' },
        'rss-budget-mb': { type: 'string', default: '1024' },
        'max-slope': { type: 'string', default: '2' },
        'sample-seconds': { type: 'string', default: '5' },
        'state-interval-seconds': { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const services = Math.round(positive('services', values.services));
    opts = {
      minutes: positive('minutes', values.minutes),
      rate: positive('rate', values.rate),
      services,
      templatesPerService: Math.max(1, Math.round(positive('templates', values.templates) / services)),
      budgetMb: positive('rss-budget-mb', values['rss-budget-mb']),
      maxSlope: positive('max-slope', values['max-slope']),
      sampleSeconds: positive('sample-seconds', values['sample-seconds']),
      stateIntervalSeconds: values['state-interval-seconds'] === undefined ? undefined : positive('state-interval-seconds', values['state-interval-seconds']),
      config: values.config,
    };
  } catch (err) {
    process.stderr.write(`anomalog soak: ${(err as Error).message}\n${HELP}`);
    return 2;
  }
  const progress = process.stderr.isTTY === true ? (what: string) => process.stderr.write(`soak: ${what}\n`) : () => undefined;

  const dir = mkdtempSync(join(tmpdir(), 'anomalog-soak-'));
  let service: ServeProcess | undefined;
  try {
    service = await startServeProcess({
      sets: [
        `state.dir=${join(dir, 'state')}`,
        // Enriched records go to a size-capped file: the soak is about the service's memory, not the disk.
        `exporters.jsonl.path=${join(dir, 'out.jsonl')}`,
        'exporters.jsonl.maxFileSizeMiB=64',
        'exporters.jsonl.maxFiles=1',
        ...(opts.stateIntervalSeconds === undefined ? [] : [`state.intervalSeconds=${opts.stateIntervalSeconds}`]),
      ],
      env: opts.config === undefined ? {} : { ANOMALOG_CONFIG: opts.config },
    });
    const result = await soak(service, opts, progress);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.levelledOff && result.underBudget ? 0 : 1;
  } catch (err) {
    process.stderr.write(`anomalog soak: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

type SoakOptions = { config?: string; stateIntervalSeconds?: number; minutes: number; rate: number; services: number; templatesPerService: number; budgetMb: number; maxSlope: number; sampleSeconds: number };

async function soak(service: ServeProcess, opts: SoakOptions, progress: (what: string) => void) {
  const admin = service.admin;
  const recordsPerRequest = 1000;
  const workload = new SoakWorkload({ services: opts.services, templatesPerService: opts.templatesPerService, recordsPerRequest, servicesPerRequest: 20 });
  const client = createLoadClient('grpc', '127.0.0.1', service.grpcPort, 8);
  const durationMs = opts.minutes * 60_000;
  const started = Date.now();
  const cpuBefore = cpuSecondsOf(service.pid);
  const samples: Sample[] = [];
  const serviceSamples: ServiceSample[] = [];
  // Request latency from each request's due time: a stall (e.g. while a snapshot is taken) shows.
  const latencies = new LatencyRecorder(200_000);
  let accepted = 0;
  let backpressure = 0;
  let failed = 0;
  let died: unknown;
  void service.exited.then((code) => (died ??= code));

  const sampler = setInterval(() => {
    let rssMb: number;
    try {
      rssMb = rssMbOf(service.pid);
    } catch {
      return; // the process is gone: the load loop reports it
    }
    const sample = { seconds: Math.round((Date.now() - started) / 1000), rssMb };
    samples.push(sample);
    progress(`${sample.seconds} s: RSS ${sample.rssMb} MB, ${accepted.toLocaleString('en')} records accepted`);
    void sampleService(admin, sample.seconds).then((s) => s && serviceSamples.push(s));
  }, opts.sampleSeconds * 1000);

  // Open loop at the offered rate, at most 8 requests in flight (beyond that the service is slower than offered).
  const intervalMs = (1000 * recordsPerRequest) / opts.rate;
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; died === undefined; i++) {
    const due = started + i * intervalMs;
    if (due >= started + durationMs) break;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    while (inFlight.size >= 8) await Promise.race(inFlight);
    const payload = encodeExportLogsRequest(workload.nextRequest(Date.now()));
    const p: Promise<void> = client.send(payload).then((r) => {
      latencies.add(Date.now() - due);
      if (r === 'ok') accepted += recordsPerRequest;
      else if (r === 'backpressure') backpressure += recordsPerRequest;
      else failed += recordsPerRequest;
    });
    const tracked: Promise<void> = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }
  await Promise.all(inFlight);
  clearInterval(sampler);
  client.close();
  if (died !== undefined) throw new Error(`the service exited (${String(died)}) during the soak: ${service.stderr().slice(-2000)}`);

  const elapsedSeconds = (Date.now() - started) / 1000;
  const status = await fetchStatus(admin);
  const capEvents = await counterSeries(admin, 'anomalog_engine_cap_events_total');
  const cpuSeconds = cpuSecondsOf(service.pid) - cpuBefore;
  const lastHalf = samples.filter((s) => s.seconds >= elapsedSeconds / 2);
  const slope = Math.round(slopeMbPerMinute(lastHalf) * 100) / 100;
  const peakRssMb = peakRssMbOf(service.pid);
  const level = levelling(samples, elapsedSeconds, opts.maxSlope);
  const saveMs = savesSeen(serviceSamples).map((s) => s.lastSaveMs);
  return {
    minutes: opts.minutes,
    offered: { recordsPerSecond: opts.rate, services: opts.services, distinctTemplates: workload.distinctTemplates },
    records: { accepted, backpressure, failed, acceptedPerSecond: Math.round(accepted / elapsedSeconds) },
    requestLatencyMs: latencies.summary(),
    serviceCpuCores: Math.round((100 * cpuSeconds) / elapsedSeconds) / 100,
    engine: status === undefined ? null : { services: status.services, templates: status.templates, capEvents, state: status.state },
    stateSaves: {
      count: status?.state?.saves ?? null,
      lastBytes: status?.state?.lastSaveBytes ?? null,
      /** Durations of the saves the samples saw finish (a save between two samples may be missed). */
      durationsMs: saveMs,
      /** Highest RSS between one save's completion and the next: the sawtooth's tooth per save. */
      peakRssBetweenSavesMb: peakRssPerSave(samples, serviceSamples),
    },
    /**
     * Longest event-loop block of the service seen by its own monitor (prom-client's, reset at each
     * scrape; it samples every 10 ms, so a figure includes up to that much), over the run.
     */
    eventLoopLagMaxMs: serviceSamples.length === 0 ? null : Math.max(...serviceSamples.map((s) => s.eventLoopLagMaxMs)),
    rss: {
      firstMb: samples[0]?.rssMb ?? null,
      lastMb: samples.at(-1)?.rssMb ?? null,
      peakMb: peakRssMb,
      lastHalfSlopeMbPerMinute: slope,
      thirdQuarter: level.thirdQuarter,
      lastQuarter: level.lastQuarter,
      budgetMb: opts.budgetMb,
      maxSlopeMbPerMinute: opts.maxSlope,
      samples,
    },
    levelledOff: level.levelledOff,
    underBudget: peakRssMb < opts.budgetMb,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
