import type { Request, Sim } from '../sim.js';
import { firstIncident } from '../sim.js';
import { addedLatency, hit, ms, type HopResult } from './hop.js';
import type { ServiceName } from '../topology.js';

export interface DbQuery {
  table: string;
  kind: 'select' | 'insert' | 'update';
}

/** The database proxy: one record per query, slow queries as warnings, disk faults when its disk fails. */
export function dbQuery(sim: Sim, req: Request, startMs: number, caller: ServiceName, q: DbQuery): HopResult {
  const rng = sim.rng;
  const span = rng.hex(8);
  let latency = rng.logNormal(q.kind === 'select' ? 2.5 : 5, 0.45);
  if (rng.chance(0.001)) latency += rng.uniform(300, 900); // the odd slow query of a healthy system
  const added = addedLatency(sim, 'db-proxy', startMs);
  latency += added.ms;
  let incident = firstIncident(req.incident, added.incident);
  let status = 200;
  const base = { 'peer.service': caller, 'span.kind': 'server', 'db.system.name': 'postgresql', 'db.operation.name': q.kind.toUpperCase(), 'db.collection.name': q.table };

  const disk = hit(sim, 'hardware_error', 'db-proxy', startMs, q.kind === 'select' ? 0.05 : 0.4);
  if (disk !== null) {
    incident = firstIncident(req.incident, disk);
    const sector = rng.int(1_000_000, 900_000_000);
    sim.emit(startMs + latency / 2, 'db-proxy', 'ERROR', `I/O error on /dev/nvme0n1 (sector ${sector}) while ${q.kind === 'select' ? 'reading' : 'writing'} ${q.table}, retrying`,
      { ...base, 'system.device': '/dev/nvme0n1' }, req, span, incident);
    latency += rng.uniform(40, 250);
    if (rng.chance(0.35)) {
      status = 500;
      const what = q.kind === 'select' ? `read from ${q.table} failed` : `write to WAL failed`;
      sim.emit(startMs + latency, 'db-proxy', 'ERROR', `${what}: input/output error (EIO), aborting ${q.kind} on ${q.table}`,
        { ...base, 'error.type': 'EIO', duration_ms: ms(latency) }, req, span, incident);
      return { endMs: startMs + latency, status, incident };
    }
  }
  const rows = q.kind === 'select' ? rng.int(0, 48) : 1;
  const attrs = { ...base, 'db.response.returned_rows': rows, duration_ms: ms(latency) };
  if (latency > 250) {
    sim.emit(startMs + latency, 'db-proxy', 'WARN', `slow query on ${q.table}: ${Math.round(latency)}ms (${q.kind}, ${rows} rows)`, attrs, req, span, incident);
  } else {
    sim.emit(startMs + latency, 'db-proxy', 'DEBUG', `query ok table=${q.table} op=${q.kind} rows=${rows} duration=${ms(latency)}ms`, attrs, req, span, incident);
  }
  return { endMs: startMs + latency, status, incident };
}
