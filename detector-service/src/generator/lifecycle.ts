import type { Incident, Sim } from './sim.js';
import { SERVICE_SPECS, type ServiceName } from './topology.js';

/** What a service logs when it starts. */
export function logStartup(sim: Sim, service: ServiceName, timeMs: number, incident: Incident | null): number {
  const spec = SERVICE_SPECS[service];
  const state = sim.services[service];
  state.pid = sim.rng.int(1000, 65000);
  state.startedMs = timeMs;
  let t = timeMs;
  sim.emit(t, service, 'INFO', `starting ${service} ${state.version} (pid ${state.pid}, ${spec.runtime})`, { 'process.pid': state.pid }, null, '', incident);
  t += sim.rng.uniform(150, 900);
  if (service === 'db-proxy') {
    sim.emit(t, service, 'INFO', `connected to postgresql primary db-1:5433 (max connections 200)`, {}, null, '', incident);
  } else if (service !== 'frontend') {
    const db = SERVICE_SPECS['db-proxy'];
    sim.emit(t, service, 'INFO', `connected to db-proxy at ${db.ip}:${db.port} (pool size 20)`, {}, null, '', incident);
  }
  if (spec.runtime === 'java') {
    // The kind of warning long-lived services carry for months: harmless, but a config smell.
    t += sim.rng.uniform(5, 50);
    sim.emit(t, service, 'WARN', `configuration property 'server.max-http-header-size' is deprecated, use 'server.max-http-request-header-size' instead`, {}, null, '', incident);
  }
  t += sim.rng.uniform(20, 200);
  sim.emit(t, service, 'INFO', `listening on :${spec.port}`, { 'server.port': spec.port }, null, '', incident);
  return t;
}

/** A planned restart (deploy or rollback): drain, stop, start the new version. */
export function gracefulRestart(sim: Sim, service: ServiceName, timeMs: number, version: string): number {
  sim.emit(timeMs, service, 'INFO', `received SIGTERM, draining connections`, {}, null, '', null);
  const stopped = timeMs + sim.rng.uniform(200, 1500);
  sim.emit(stopped, service, 'INFO', `shutdown complete`, {}, null, '', null);
  sim.setVersion(service, version);
  return logStartup(sim, service, stopped + sim.rng.uniform(800, 2500), null);
}

const CRASH_LINES: Record<'node' | 'java' | 'go', { body: (sim: Sim) => string; exitCode: string }> = {
  node: { body: () => 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory', exitCode: '134 (SIGABRT)' },
  java: { body: () => 'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space', exitCode: '137 (SIGKILL: OOMKilled)' },
  go: {
    body: (sim) => `panic: runtime error: invalid memory address or nil pointer dereference [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x${sim.rng.hex(3)}]`,
    exitCode: '2',
  },
};

/** A crash: the fatal line, the exit, and the service is down until restarted. Returns the restart delay. */
export function logCrash(sim: Sim, service: ServiceName, timeMs: number, incident: Incident, restart: number): number {
  const crash = CRASH_LINES[SERVICE_SPECS[service].runtime];
  const state = sim.services[service];
  sim.emit(timeMs, service, 'FATAL', crash.body(sim), { 'process.pid': state.pid }, null, '', incident);
  const delayS = Math.min(2 ** restart, 16) * sim.rng.uniform(0.8, 1.2);
  sim.emit(timeMs + sim.rng.uniform(5, 40), service, 'ERROR', `process exited with code ${crash.exitCode}, restarting in ${delayS.toFixed(1)}s (restart ${restart})`,
    { 'process.pid': state.pid, 'process.exit.code': Number.parseInt(crash.exitCode, 10) }, null, '', incident);
  state.downBy = incident;
  return delayS * 1000;
}
