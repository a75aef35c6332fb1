import type { Request, Sim } from '../sim.js';
import { firstIncident } from '../sim.js';
import type { ServiceName } from '../topology.js';
import { dbQuery } from './db-proxy.js';
import { addedLatency, callService, hit, ms, type HopResult } from './hop.js';

export type InventoryOp =
  | { kind: 'list'; category: string }
  | { kind: 'get'; sku: string }
  | { kind: 'stock'; sku: string }
  | { kind: 'reserve'; sku: string; quantity: number; orderId: string };

/** The inventory service: product listings, lookups, stock checks and reservations. */
export function callInventory(sim: Sim, req: Request, caller: ServiceName, callerSpan: string, startMs: number, op: InventoryOp): HopResult {
  return callService(sim, req, caller, callerSpan, 'inventory', startMs, (t) => handle(sim, req, t, caller, op));
}

function handle(sim: Sim, req: Request, startMs: number, caller: ServiceName, op: InventoryOp): HopResult {
  const rng = sim.rng;
  const span = rng.hex(8);
  const added = addedLatency(sim, 'inventory', startMs);
  const own = rng.logNormal(3, 0.4) + added.ms;
  const db = dbQuery(sim, req, startMs + own * 0.3, 'inventory', { table: op.kind === 'list' ? 'products' : 'stock', kind: op.kind === 'reserve' ? 'update' : 'select' });
  let incident = firstIncident(req.incident, added.incident, db.incident);
  const endMs = db.endMs + own * 0.7;
  const sku = op.kind === 'list' ? '' : op.sku;
  const attrs: Record<string, string | number> = { 'peer.service': caller, 'span.kind': 'server', duration_ms: ms(endMs - startMs) };
  if (sku !== '') attrs['product.sku'] = sku;
  const done = (severity: 'INFO' | 'WARN' | 'ERROR', body: string, status: number, inc = incident): HopResult => {
    attrs['http.response.status_code'] = status;
    sim.emit(endMs, 'inventory', severity, body, attrs, req, span, inc);
    return { endMs, status, incident: inc };
  };

  const config = hit(sim, 'config_error', 'inventory', startMs);
  if (config !== null) {
    const warehouse = ['eu-central-2', 'eu-north-1', 'us-east-3'][config.variant % 3];
    sim.emit(startMs + own * 0.2, 'inventory', 'WARN', `warehouse '${warehouse}' not found in warehouses.yaml, using default lead time of 5 days`,
      { 'peer.service': caller, 'span.kind': 'server' }, req, span, firstIncident(req.incident, config));
  }
  const snapshot = hit(sim, 'hardware_error', 'inventory', startMs, 0.3);
  if (snapshot !== null) {
    incident = firstIncident(req.incident, snapshot);
    sim.emit(startMs + own * 0.5, 'inventory', 'ERROR', `failed to read stock snapshot /var/lib/inventory/stock.db: input/output error (EIO) on /dev/sdb1, serving from database`,
      { 'system.device': '/dev/sdb1', 'error.type': 'EIO' }, req, span, incident);
  }
  if (db.status >= 500) return done('ERROR', `failed to load ${op.kind === 'list' ? 'products' : `product ${sku}`}: db-proxy returned ${db.status}`, 500);

  const bug = hit(sim, 'new_error_template', 'inventory', startMs, 0.35);
  if (bug !== null && op.kind !== 'list') {
    return done('ERROR', `TypeError: Cannot read properties of undefined (reading 'warehouseId') at reserveStock (/app/src/reservations.js:${rng.int(40, 48)}:${rng.int(9, 31)})`, 500, firstIncident(req.incident, bug));
  }
  const burst = hit(sim, 'error_burst', 'inventory', startMs, 0.5);
  if (op.kind !== 'list' && (burst !== null || rng.chance(0.002))) {
    return done('ERROR', `failed to serialize product ${sku}: unexpected null in field 'price'`, 500, firstIncident(incident, burst));
  }
  switch (op.kind) {
    case 'list':
      return done('INFO', `listed ${rng.int(8, 48)} products in category ${op.category} in ${ms(endMs - startMs)}ms`, 200);
    case 'get':
      if (rng.chance(0.02)) return done('WARN', `product ${sku} not found`, 404);
      return done('INFO', `fetched product ${sku} (stock ${rng.int(0, 250)}) in ${ms(endMs - startMs)}ms`, 200);
    case 'stock':
      return done('INFO', `stock check ${sku}: ${rng.int(0, 250)} available (${ms(endMs - startMs)}ms)`, 200);
    case 'reserve':
      return done('INFO', `reserved ${op.quantity} x ${sku} for order ${op.orderId} in ${ms(endMs - startMs)}ms`, 200);
  }
}
