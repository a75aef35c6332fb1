import { scheduleBackground } from './background.js';
import { scheduleIncidents } from './incidents.js';
import { logStartup } from './lifecycle.js';
import { ANOMALY_TYPES, type AnomalyType, type GeneratedRecord, type IncidentInfo } from './record.js';
import { handleRequest } from './services/frontend.js';
import { Sim, type Request } from './sim.js';
import { dailyTrafficFactor, ROUTE_WEIGHTS, ROUTES, SERVICES } from './topology.js';

export interface ScenarioOptions {
  /** Same seed, same options: the same records, byte for byte. Default 1. */
  seed?: string | number;
  /** Start of the simulated clock (ms since the epoch, or an ISO date). Default 2026-03-02T09:00:00Z. */
  start?: number | string;
  /** Log time to simulate, in ms. Default one hour, unless `records` is given. */
  durationMs?: number;
  /** Stop after this many records. */
  records?: number;
  /** Mean public requests per second over a day (the time of day scales it). Default 5. */
  rate?: number;
  /** Time before the first incident, in ms. Default 10 minutes. */
  warmupMs?: number;
  /** Mean time between incident starts, in ms. Default 4 minutes. */
  incidentGapMs?: number;
  /** Incident types to inject, in turn. Default all; [] for a clean run. */
  anomalies?: readonly AnomalyType[];
  /** deployment.environment.name of every resource. Default 'production'. */
  environment?: string;
}

export interface ResolvedScenarioOptions {
  seed: string | number;
  startMs: number;
  endMs: number;
  records: number;
  rate: number;
  warmupMs: number;
  incidentGapMs: number;
  anomalies: readonly AnomalyType[];
  environment: string;
}

export interface Scenario {
  readonly options: ResolvedScenarioOptions;
  /** Incidents started so far by the latest records() run (complete once it is exhausted). */
  readonly incidents: readonly IncidentInfo[];
  /** The records in time order; each call replays the scenario from the start. */
  records(): Generator<GeneratedRecord, void, undefined>;
}

export function resolveScenarioOptions(options: ScenarioOptions = {}): ResolvedScenarioOptions {
  const startMs = typeof options.start === 'string' ? Date.parse(options.start) : (options.start ?? Date.parse('2026-03-02T09:00:00Z'));
  if (!Number.isFinite(startMs)) throw new Error(`scenario start '${String(options.start)}' is not a date`);
  const positive = (name: string, v: number | undefined): void => {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new Error(`scenario ${name} must be a positive number, got ${v}`);
  };
  positive('durationMs', options.durationMs);
  positive('records', options.records);
  positive('rate', options.rate);
  positive('incidentGapMs', options.incidentGapMs);
  if (options.warmupMs !== undefined && !(options.warmupMs >= 0)) throw new Error(`scenario warmupMs must be >= 0, got ${options.warmupMs}`);
  for (const a of options.anomalies ?? []) {
    if (!(ANOMALY_TYPES as readonly string[]).includes(a)) throw new Error(`unknown anomaly type '${a}' (known: ${ANOMALY_TYPES.join(', ')})`);
  }
  const durationMs = options.durationMs ?? (options.records === undefined ? 3_600_000 : Infinity);
  return {
    seed: options.seed ?? 1,
    startMs,
    endMs: startMs + durationMs,
    records: options.records ?? Infinity,
    rate: options.rate ?? 5,
    warmupMs: options.warmupMs ?? 600_000,
    incidentGapMs: options.incidentGapMs ?? 240_000,
    anomalies: options.anomalies ?? ANOMALY_TYPES,
    environment: options.environment ?? 'production',
  };
}

export function createScenario(options: ScenarioOptions = {}): Scenario {
  const resolved = resolveScenarioOptions(options);
  let incidents: IncidentInfo[] = [];
  return {
    options: resolved,
    get incidents() {
      return incidents;
    },
    records() {
      incidents = [];
      return run(resolved, incidents);
    },
  };
}

/** The records of a scenario, in time order (the library entry point for evaluators and tests). */
export function generateScenario(options: ScenarioOptions = {}): Generator<GeneratedRecord, void, undefined> {
  return createScenario(options).records();
}

function* run(o: ResolvedScenarioOptions, incidents: IncidentInfo[]): Generator<GeneratedRecord, void, undefined> {
  const sim = new Sim(o.seed, o.environment);
  const rng = sim.rng;
  for (const service of SERVICES) logStartup(sim, service, o.startMs + rng.uniform(0, 3000), null);
  const currentRate = (t: number): number => o.rate * dailyTrafficFactor(t);
  scheduleBackground(sim, o.startMs, currentRate);
  scheduleIncidents(sim, o.startMs, { types: o.anomalies, warmupMs: o.warmupMs, gapMs: o.incidentGapMs }, (info) => incidents.push(info));

  // Public traffic: a Poisson process at the time-of-day rate; during a traffic drop only a tenth
  // of the arrivals get through (thinning keeps the process exact when the drop starts and ends).
  const arrive = (t: number): void => {
    const drop = sim.incident('traffic_drop', 'frontend', t);
    if (drop === null || rng.chance(0.1)) {
      const route = rng.weighted(ROUTES, ROUTE_WEIGHTS);
      const browsing = route.route === '/api/products' || route.route === '/api/products/{sku}' || route.route === '/api/shipping/quote';
      const user = rng.pick(sim.users);
      const req: Request = {
        traceId: rng.hex(16),
        user: browsing && rng.chance(0.35) ? null : user,
        clientIp: user.ip,
        userAgent: user.userAgent,
        incident: drop,
      };
      handleRequest(sim, req, t, route);
    }
    sim.schedule(t + rng.exponential(1000 / currentRate(t)), arrive);
  };
  sim.schedule(o.startMs + 3500, arrive);

  let emitted = 0;
  while (sim.queue.size > 0) {
    const t = sim.queue.peekTime();
    if (t >= o.endMs) return;
    const item = sim.queue.pop();
    if (item === undefined) return;
    if (typeof item === 'function') {
      item(t);
      continue;
    }
    yield item;
    if (++emitted >= o.records) return;
  }
}
