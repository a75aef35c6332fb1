import type { Incident, Request, Sim } from '../sim.js';
import { firstIncident } from '../sim.js';
import { ZONES, type ServiceName } from '../topology.js';
import { dbQuery } from './db-proxy.js';
import { addedLatency, callService, hit, ms, type HopResult } from './hop.js';
import { callInventory } from './inventory.js';
import { callPayments } from './payments.js';
import { callShipping } from './shipping.js';

export type CheckoutOp = { kind: 'create'; skus: string[] } | { kind: 'get'; orderId: string };

/** The checkout service: places orders (reserve stock, charge, ship) and reads them back. */
export function callCheckout(sim: Sim, req: Request, caller: ServiceName, callerSpan: string, startMs: number, op: CheckoutOp): HopResult {
  return callService(sim, req, caller, callerSpan, 'checkout', startMs, (t) => handle(sim, req, t, caller, op));
}

function handle(sim: Sim, req: Request, startMs: number, caller: ServiceName, op: CheckoutOp): HopResult {
  const rng = sim.rng;
  const span = rng.hex(8);
  const added = addedLatency(sim, 'checkout', startMs);
  let t = startMs + rng.logNormal(2, 0.3) + added.ms;
  const user = req.user?.id ?? 'anonymous';
  const attrs: Record<string, string | number> = { 'peer.service': caller, 'span.kind': 'server', 'enduser.id': user };
  let incident: Incident | null = firstIncident(req.incident, added.incident);
  const finish = (severity: 'INFO' | 'WARN' | 'ERROR', body: string, status: number, inc: Incident | null): HopResult => {
    const endMs = t + rng.logNormal(1, 0.3);
    attrs['http.response.status_code'] = status;
    attrs.duration_ms = ms(endMs - startMs);
    sim.emit(endMs, 'checkout', severity, body, attrs, req, span, inc);
    return { endMs, status, incident: inc };
  };

  if (op.kind === 'get') {
    attrs['order.id'] = op.orderId;
    const db = dbQuery(sim, req, t, 'checkout', { table: 'orders', kind: 'select' });
    t = db.endMs;
    incident = firstIncident(incident, db.incident);
    if (db.status >= 500) return finish('ERROR', `failed to load order ${op.orderId}: db-proxy returned ${db.status}`, 500, incident);
    return finish('INFO', `order ${op.orderId} fetched for user ${user} in ${ms(t - startMs)}ms`, 200, incident);
  }

  const orderId = `ORD-${(sim.nextId() * 104729 % 10_000_000).toString().padStart(7, '0')}`;
  attrs['order.id'] = orderId;
  const config = hit(sim, 'config_error', 'checkout', startMs);
  if (config !== null) {
    sim.emit(t, 'checkout', 'WARN', `promotion rules disabled: promotions.currency is not set, using defaults`, { 'peer.service': caller, 'span.kind': 'server', 'order.id': orderId }, req, span, firstIncident(req.incident, config));
  }
  const bug = hit(sim, 'new_error_template', 'checkout', startMs, 0.35);
  if (bug !== null) {
    attrs['exception.type'] = 'java.lang.NullPointerException';
    return finish('ERROR', `unhandled exception in POST /internal/orders: java.lang.NullPointerException: Cannot invoke "Promotion.discountFor(Cart)" because "promotion" is null at PriceCalculator.total(PriceCalculator.java:${rng.int(87, 93)})`, 500, firstIncident(req.incident, bug));
  }
  let amount = 0;
  for (const sku of op.skus) {
    const quantity = rng.int(1, 3);
    amount += quantity * rng.uniform(9, 180);
    const r = callInventory(sim, req, 'checkout', span, t, { kind: 'reserve', sku, quantity, orderId });
    t = r.endMs;
    incident = firstIncident(incident, r.incident);
    if (r.status >= 500) return finish('ERROR', `checkout failed for order ${orderId}: inventory returned ${r.status}`, 502, incident);
  }
  amount = Math.round(amount * 100) / 100;
  const pay = callPayments(sim, req, 'checkout', span, t, { orderId, amount });
  t = pay.endMs;
  incident = firstIncident(incident, pay.incident);
  if (pay.status === 402) return finish('WARN', `order ${orderId} not placed: payment declined`, 402, incident);
  if (pay.status >= 500) return finish('ERROR', `checkout failed for order ${orderId}: payments returned ${pay.status}`, 502, incident);
  const ship = callShipping(sim, req, 'checkout', span, t, { kind: 'create', orderId, zone: rng.pick(ZONES) });
  t = ship.endMs;
  incident = firstIncident(incident, ship.incident);
  if (ship.status >= 500) return finish('ERROR', `checkout failed for order ${orderId}: shipping returned ${ship.status}`, 502, incident);
  const db = dbQuery(sim, req, t, 'checkout', { table: 'orders', kind: 'insert' });
  t = db.endMs;
  incident = firstIncident(incident, db.incident);
  if (db.status >= 500) return finish('ERROR', `failed to persist order ${orderId}: db-proxy returned ${db.status}`, 500, incident);
  const burst = hit(sim, 'error_burst', 'checkout', startMs, 0.5);
  if (burst !== null || rng.chance(0.002)) {
    return finish('ERROR', `failed to persist order ${orderId}: optimistic lock conflict on orders, giving up after 3 attempts`, 500, firstIncident(incident, burst));
  }
  attrs['order.items'] = op.skus.length;
  attrs['order.total'] = amount;
  return finish('INFO', `order ${orderId} placed for user ${user}: ${op.skus.length} items, total ${amount.toFixed(2)} EUR in ${ms(t - startMs)}ms`, 200, incident);
}
