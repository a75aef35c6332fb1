import type { AnomalyType } from '../record.js';
import type { Incident, Request, Sim } from '../sim.js';
import { SERVICE_SPECS, type ServiceName } from '../topology.js';

/** What a call into a service returns to its caller. */
export interface HopResult {
  endMs: number;
  status: number;
  /** The incident that shaped this call or anything below it (labels the caller's record too). */
  incident: Incident | null;
}

/** The running incident of `type` on `service`, or null; with `probability`, only that share of calls is hit. */
export function hit(sim: Sim, type: AnomalyType, service: ServiceName, timeMs: number, probability = 1): Incident | null {
  const inc = sim.incident(type, service, timeMs);
  if (inc === null) return null;
  return probability >= 1 || sim.rng.chance(probability) ? inc : null;
}

/** Latency an incident adds to one call of its target (latency spike, failing hardware). */
export function addedLatency(sim: Sim, service: ServiceName, timeMs: number): { ms: number; incident: Incident | null } {
  const spike = sim.incident('latency_spike', service, timeMs);
  if (spike !== null) return { ms: sim.rng.logNormal(spike.extraLatencyMs, 0.35), incident: spike };
  const hw = sim.incident('hardware_error', service, timeMs);
  // A failing disk slows some calls a little (retries), far less than a latency incident.
  if (hw !== null && sim.rng.chance(0.3)) return { ms: sim.rng.logNormal(60, 0.5), incident: hw };
  return { ms: 0, incident: null };
}

/**
 * Calls `callee` from `caller`. A callee that is down (crash loop) refuses the connection: the
 * caller logs the failure and the call returns 503 without reaching the callee.
 */
export function callService(
  sim: Sim,
  req: Request,
  caller: ServiceName,
  callerSpan: string,
  callee: ServiceName,
  startMs: number,
  invoke: (startMs: number) => HopResult,
): HopResult {
  const down = sim.services[callee].downBy;
  const netMs = sim.rng.uniform(0.2, 0.8);
  if (down === null) return invoke(startMs + netMs);
  const spec = SERVICE_SPECS[callee];
  const endMs = startMs + netMs + sim.rng.uniform(0.2, 1.5);
  sim.emit(endMs, caller, 'ERROR', `call to ${callee} failed: connect ECONNREFUSED ${spec.ip}:${spec.port}`, {
    'peer.service': callee,
    'server.address': spec.ip,
    'server.port': spec.port,
    'error.type': 'ECONNREFUSED',
  }, req, callerSpan, req.incident ?? down);
  return { endMs, status: 503, incident: req.incident ?? down };
}

export function ms(value: number): number {
  return Math.round(value * 10) / 10;
}
