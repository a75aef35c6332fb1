import type { Request, Sim } from '../sim.js';
import { firstIncident } from '../sim.js';
import { CARRIERS, type ServiceName } from '../topology.js';
import { dbQuery } from './db-proxy.js';
import { addedLatency, callService, hit, ms, type HopResult } from './hop.js';

export type ShippingOp = { kind: 'quote'; zone: string } | { kind: 'create'; orderId: string; zone: string };

/** The shipping service: rate quotes and shipment creation with external carriers. */
export function callShipping(sim: Sim, req: Request, caller: ServiceName, callerSpan: string, startMs: number, op: ShippingOp): HopResult {
  return callService(sim, req, caller, callerSpan, 'shipping', startMs, (t) => handle(sim, req, t, caller, op));
}

function handle(sim: Sim, req: Request, startMs: number, caller: ServiceName, op: ShippingOp): HopResult {
  const rng = sim.rng;
  const span = rng.hex(8);
  const added = addedLatency(sim, 'shipping', startMs);
  const own = rng.logNormal(8, 0.4) + added.ms;
  const db = dbQuery(sim, req, startMs + own * 0.5, 'shipping', { table: op.kind === 'quote' ? 'rates' : 'shipments', kind: op.kind === 'quote' ? 'select' : 'insert' });
  const endMs = db.endMs + own * 0.5;
  const incident = firstIncident(req.incident, added.incident, db.incident);
  const carrier = rng.pick(CARRIERS);
  const attrs: Record<string, string | number> = { 'peer.service': caller, 'span.kind': 'server', 'shipping.carrier': carrier, 'shipping.zone': op.zone, duration_ms: ms(endMs - startMs) };
  const done = (severity: 'INFO' | 'WARN' | 'ERROR', body: string, status: number, inc = incident): HopResult => {
    attrs['http.response.status_code'] = status;
    sim.emit(endMs, 'shipping', severity, body, attrs, req, span, inc);
    return { endMs, status, incident: inc };
  };

  const config = hit(sim, 'config_error', 'shipping', startMs);
  if (config !== null) {
    sim.emit(startMs + own * 0.3, 'shipping', 'WARN', `carrier '${carrier}' is not configured, falling back to default rates`,
      { 'peer.service': caller, 'span.kind': 'server', 'shipping.carrier': carrier }, req, span, firstIncident(req.incident, config));
  }
  if (db.status >= 500) return done('ERROR', `failed to ${op.kind === 'quote' ? 'load rates' : 'store shipment'}: db-proxy returned ${db.status}`, 500);
  const bug = hit(sim, 'new_error_template', 'shipping', startMs, 0.35);
  if (bug !== null) {
    const n = rng.int(2, 6);
    return done('ERROR', `panic recovered in handler /internal/${op.kind === 'quote' ? 'quotes' : 'shipments'}: runtime error: index out of range [${n}] with length ${n}`, 500, firstIncident(req.incident, bug));
  }
  const shipmentId = `SHP-${(sim.nextId() * 7919 % 1_000_000).toString().padStart(6, '0')}`;
  const burst = hit(sim, 'error_burst', 'shipping', startMs, 0.5);
  if (burst !== null || rng.chance(0.003)) {
    return done('ERROR', `label service rejected shipment ${shipmentId}: internal error (code ${rng.pick([5001, 5003, 5010])})`, 500, firstIncident(incident, burst));
  }
  if (op.kind === 'quote') {
    return done('INFO', `quote for zone ${op.zone} via ${carrier}: ${rng.uniform(3.5, 24).toFixed(2)} EUR, ${rng.int(1, 6)} days (${ms(endMs - startMs)}ms)`, 200);
  }
  attrs['order.id'] = op.orderId;
  return done('INFO', `shipment ${shipmentId} created with ${carrier} for order ${op.orderId} in ${ms(endMs - startMs)}ms`, 200);
}
