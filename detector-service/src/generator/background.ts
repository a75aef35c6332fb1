import { firstIncident, type Sim } from './sim.js';
import { SERVICES, type ServiceName } from './topology.js';
import { gracefulRestart } from './lifecycle.js';

/**
 * The records a healthy system logs on its own, whatever the traffic: health checks, pool and
 * cache statistics, GC, periodic jobs, and the occasional uneventful deploy.
 */
export function scheduleBackground(sim: Sim, startMs: number, rps: (timeMs: number) => number): void {
  const rng = sim.rng;
  const every = (service: ServiceName, periodMs: number, jitter: number, log: (t: number) => void): void => {
    const tick = (t: number): void => {
      if (sim.services[service].downBy === null) log(t);
      sim.schedule(t + periodMs * rng.uniform(1 - jitter, 1 + jitter), tick);
    };
    sim.schedule(startMs + rng.uniform(1000, periodMs), tick);
  };

  for (const service of SERVICES) {
    every(service, 30_000, 0.05, (t) => sim.emit(t, service, 'DEBUG', `health check passed (uptime ${Math.round((t - sim.services[service].startedMs) / 1000)}s)`, {}, null, '', null));
  }
  every('db-proxy', 15_000, 0.02, (t) => {
    // Busy connections follow the request rate (and so the time of day).
    const active = Math.min(50, Math.round(rps(t) * 0.4 * rng.uniform(0.5, 1.5)));
    sim.emit(t, 'db-proxy', 'INFO', `pool stats: active=${active} idle=${50 - active} waiting=0 max=50`,
      { 'db.client.connection.count.active': active, 'db.client.connection.count.idle': 50 - active }, null, '', null);
  });
  for (const service of ['checkout', 'payments'] as const) {
    every(service, 40_000, 0.3, (t) => {
      const max = 2048;
      const before = rng.int(900, 1800);
      const after = rng.int(300, 600);
      sim.emit(t, service, 'INFO', `GC pause (G1 Evacuation Pause) young ${rng.logNormal(12, 0.4).toFixed(1)}ms, heap ${before}M->${after}M(${max}M)`, {}, null, '', null);
    });
  }
  every('frontend', 60_000, 0.02, (t) => {
    sim.emit(t, 'frontend', 'INFO', `asset cache refreshed: ${rng.int(1800, 2200)} entries, hit ratio ${rng.uniform(0.9, 0.99).toFixed(3)}`, {}, null, '', null);
  });
  every('inventory', 300_000, 0.05, (t) => {
    sim.emit(t, 'inventory', 'INFO', `stock sync with warehouse completed: ${rng.int(20, 400)} skus updated in ${rng.uniform(0.8, 3).toFixed(2)}s`, {}, null, '', null);
  });
  every('auth', 600_000, 0.01, (t) => {
    sim.emit(t, 'auth', 'INFO', `rotated token signing key (kid ${rng.hex(4)}), next rotation in 600s`, {}, null, '', null);
  });

  // An uneventful deploy every 40 minutes or so, to a service no incident is touching.
  const deploy = (t: number): void => {
    const service = rng.pick(['frontend', 'auth', 'inventory', 'checkout', 'payments', 'shipping'] as const);
    const busy = firstIncident(...sim.active.filter((i) => i.info.service === service));
    if (busy === null && sim.services[service].downBy === null) {
      const [major, minor, patch] = sim.services[service].version.split('.').map(Number);
      gracefulRestart(sim, service, t, `${major}.${minor}.${patch + 1}`);
    }
    sim.schedule(t + rng.uniform(30, 50) * 60_000, deploy);
  };
  sim.schedule(startMs + rng.uniform(20, 45) * 60_000, deploy);
}
