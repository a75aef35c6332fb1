import { gracefulRestart, logCrash, logStartup } from './lifecycle.js';
import type { AnomalyType, IncidentInfo } from './record.js';
import { handleRequest } from './services/frontend.js';
import type { Incident, Sim } from './sim.js';
import { GUESSED_USERNAMES, ROUTES, type ServiceName } from './topology.js';

/** How long each kind of incident lasts, in ms of log time. */
export const INCIDENT_DURATION_MS: Record<AnomalyType, number> = {
  error_burst: 60_000,
  latency_spike: 90_000,
  new_error_template: 120_000,
  brute_force: 60_000,
  crash_loop: 90_000,
  config_error: 90_000,
  hardware_error: 90_000,
  traffic_drop: 120_000,
};

/** Services each kind of incident can hit (one is picked per incident). */
const TARGETS: Record<AnomalyType, ServiceName[]> = {
  error_burst: ['inventory', 'payments', 'checkout', 'shipping'],
  latency_spike: ['db-proxy', 'inventory', 'payments'],
  new_error_template: ['checkout', 'inventory', 'shipping', 'payments'],
  brute_force: ['auth'],
  crash_loop: ['inventory', 'shipping', 'payments', 'checkout'],
  config_error: ['shipping', 'payments', 'checkout', 'inventory'],
  hardware_error: ['db-proxy', 'inventory'],
  traffic_drop: ['frontend'],
};

const EXTRA_LATENCY_MS: Partial<Record<ServiceName, number>> = { 'db-proxy': 600, inventory: 500, payments: 1500 };

export interface IncidentPlan {
  types: readonly AnomalyType[];
  /** No incident starts before startMs + warmupMs. */
  warmupMs: number;
  /** Mean time between incident starts. */
  gapMs: number;
}

/**
 * Schedules incidents one after another from the end of the warm-up: each round runs every
 * requested type once, in an order shuffled by the seed, with quiet time between incidents.
 */
export function scheduleIncidents(sim: Sim, startMs: number, plan: IncidentPlan, onStart: (info: IncidentInfo) => void): void {
  if (plan.types.length === 0) return;
  const rng = sim.rng;
  let round: AnomalyType[] = [];
  let k = 0;
  const next = (t: number): void => {
    if (round.length === 0) round = rng.shuffle([...plan.types]);
    const type = round.shift() as AnomalyType;
    const service = rng.pick(TARGETS[type]);
    const info: IncidentInfo = { id: `inc-${String(++k).padStart(3, '0')}-${type}`, type, service, startMs: t, endMs: t + INCIDENT_DURATION_MS[type] };
    const incident: Incident = { info, extraLatencyMs: EXTRA_LATENCY_MS[service] ?? 300, count: 0, variant: rng.int(0, 2) };
    sim.active.push(incident);
    onStart(info);
    begin(sim, incident);
    sim.schedule(info.endMs + 1, () => {
      const i = sim.active.indexOf(incident);
      if (i >= 0) sim.active.splice(i, 1);
    });
    const gap = Math.max(plan.gapMs * rng.uniform(0.85, 1.15), INCIDENT_DURATION_MS[type] + 60_000);
    sim.schedule(t + gap, next);
  };
  sim.schedule(startMs + plan.warmupMs, next);
}

/** The records and timers an incident starts with (the per-request effects live in the service handlers). */
function begin(sim: Sim, inc: Incident): void {
  const { service, startMs, endMs } = inc.info;
  const rng = sim.rng;
  switch (inc.info.type) {
    case 'new_error_template': {
      // A deploy brings the bug; a rollback at the end removes it. The deploy itself is routine
      // (the same records as any deploy), so only the errors it causes are labelled.
      const previous = sim.services[service as ServiceName].version;
      const [major, minor] = previous.split('.').map(Number);
      gracefulRestart(sim, service as ServiceName, startMs, `${major}.${minor + 1}.0`);
      sim.schedule(endMs, (t) => gracefulRestart(sim, service as ServiceName, t, previous));
      break;
    }
    case 'brute_force':
      scheduleBruteForce(sim, inc);
      break;
    case 'crash_loop':
      scheduleCrashLoop(sim, inc, startMs + rng.uniform(1000, 4000));
      break;
    case 'config_error':
      logConfigReloadFailure(sim, inc);
      break;
    case 'hardware_error':
      scheduleDiskWarnings(sim, inc, startMs);
      break;
    default:
      // error_burst, latency_spike and traffic_drop act only through the handlers and arrivals.
      break;
  }
}

function scheduleBruteForce(sim: Sim, inc: Incident): void {
  const rng = sim.rng;
  const ip = `${rng.pick(['185.220.101', '45.155.205', '193.42.33'])}.${rng.int(2, 250)}`;
  const userAgent = rng.pick(['python-requests/2.31.0', 'Go-http-client/1.1', 'Hydra v9.5']);
  const route = ROUTES.find((r) => r.route === '/api/login');
  if (route === undefined) throw new Error('topology has no /api/login route');
  const blockAfter = 150;
  const attempt = (t: number): void => {
    if (t >= inc.info.endMs) return;
    const username = rng.pick(GUESSED_USERNAMES);
    inc.count++;
    const blocked = inc.count > blockAfter;
    if (inc.count === blockAfter + 1) {
      sim.emit(t, 'frontend', 'WARN', `rate limit: blocking client ${ip} on /api/login for 900s after ${blockAfter} failed logins`,
        { 'client.address': ip, 'http.route': '/api/login' }, null, '', inc);
    }
    handleRequest(sim, { traceId: rng.hex(16), user: null, clientIp: ip, userAgent, incident: inc }, t, route, {
      username,
      knownUser: username === 'admin' || username === 'support' || username === 'test',
      passwordOk: false,
      blocked,
    });
    sim.schedule(t + rng.exponential(1000 / 6), attempt);
  };
  sim.schedule(inc.info.startMs, attempt);
}

function scheduleCrashLoop(sim: Sim, inc: Incident, firstCrashMs: number): void {
  const service = inc.info.service as ServiceName;
  const crash = (t: number): void => {
    inc.count++;
    const delay = logCrash(sim, service, t, inc, inc.count);
    sim.schedule(t + delay, (restartMs) => {
      const ready = logStartup(sim, service, restartMs, inc);
      sim.schedule(ready, () => {
        sim.services[service].downBy = null;
      });
      const up = sim.rng.uniform(6000, 15000);
      if (ready + up < inc.info.endMs) sim.schedule(ready + up, crash);
    });
  };
  sim.schedule(firstCrashMs, crash);
}

const CONFIG_FAILURES: Partial<Record<ServiceName, (line: number) => string>> = {
  shipping: (line) => `failed to parse config /etc/shipping/carriers.yaml: unknown key 'rate_tabel' at line ${line}`,
  payments: () => `config reload failed: missing required property 'providers.api_key' in /etc/payments/application.yaml`,
  checkout: () => `invalid value 'EURO' for setting promotions.currency (expected an ISO 4217 code), promotion rules not loaded`,
  inventory: (line) => `config reload failed: /etc/inventory/warehouses.yaml: line ${line}: mapping values are not allowed here`,
};

function logConfigReloadFailure(sim: Sim, inc: Incident): void {
  const service = inc.info.service as ServiceName;
  const failure = CONFIG_FAILURES[service];
  if (failure === undefined) throw new Error(`no configuration failure defined for ${service}`);
  sim.emit(inc.info.startMs, service, 'INFO', `configuration change detected, reloading`, {}, null, '', inc);
  sim.emit(inc.info.startMs + sim.rng.uniform(5, 60), service, 'ERROR', failure(sim.rng.int(3, 60)), {}, null, '', inc);
}

function scheduleDiskWarnings(sim: Sim, inc: Incident, startMs: number): void {
  const device = inc.info.service === 'db-proxy' ? '/dev/nvme0n1' : '/dev/sdb';
  let reallocated = sim.rng.int(12, 40);
  const warn = (t: number): void => {
    if (t >= inc.info.endMs) return;
    reallocated += sim.rng.int(1, 9);
    sim.emit(t, inc.info.service as ServiceName, 'WARN', `disk ${device}: SMART attribute Reallocated_Sector_Ct raw value ${reallocated} exceeds threshold 10`,
      { 'system.device': device }, null, '', inc);
    sim.schedule(t + sim.rng.uniform(15_000, 25_000), warn);
  };
  sim.schedule(startMs, warn);
}
