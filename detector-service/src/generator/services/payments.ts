import type { Request, Sim } from '../sim.js';
import { firstIncident } from '../sim.js';
import type { ServiceName } from '../topology.js';
import { dbQuery } from './db-proxy.js';
import { addedLatency, callService, hit, ms, type HopResult } from './hop.js';

export interface ChargeOp {
  orderId: string;
  amount: number;
}

const PROVIDERS = ['stripe-eu', 'adyen-eu', 'paypal'];

/** The payments service: card charges through an external processor (slow, sometimes declining). */
export function callPayments(sim: Sim, req: Request, caller: ServiceName, callerSpan: string, startMs: number, op: ChargeOp): HopResult {
  return callService(sim, req, caller, callerSpan, 'payments', startMs, (t) => handle(sim, req, t, caller, op));
}

function handle(sim: Sim, req: Request, startMs: number, caller: ServiceName, op: ChargeOp): HopResult {
  const rng = sim.rng;
  const span = rng.hex(8);
  const added = addedLatency(sim, 'payments', startMs);
  const processorMs = rng.logNormal(120, 0.35) + added.ms;
  const db = dbQuery(sim, req, startMs + processorMs, 'payments', { table: 'payments', kind: 'insert' });
  const endMs = db.endMs + rng.logNormal(2, 0.3);
  let incident = firstIncident(req.incident, added.incident, db.incident);
  const attrs: Record<string, string | number> = { 'peer.service': caller, 'span.kind': 'server', 'order.id': op.orderId, 'payment.amount': op.amount, duration_ms: ms(endMs - startMs) };
  const done = (severity: 'INFO' | 'WARN' | 'ERROR', body: string, status: number, inc = incident): HopResult => {
    attrs['http.response.status_code'] = status;
    sim.emit(endMs, 'payments', severity, body, attrs, req, span, inc);
    return { endMs, status, incident: inc };
  };

  const config = hit(sim, 'config_error', 'payments', startMs);
  if (config !== null) {
    sim.emit(startMs + 1, 'payments', 'WARN', `no API key configured for payment provider '${PROVIDERS[config.variant % PROVIDERS.length]}' in region eu-west, falling back to sandbox endpoint`,
      { 'peer.service': caller, 'span.kind': 'server', 'order.id': op.orderId }, req, span, firstIncident(req.incident, config));
  }
  if (processorMs > 1000) {
    sim.emit(startMs + processorMs, 'payments', 'WARN', `payment processor responded slowly: ${Math.round(processorMs)}ms (threshold 1000ms) for order ${op.orderId}`,
      { 'peer.service': caller, 'span.kind': 'server', 'order.id': op.orderId, duration_ms: ms(processorMs) }, req, span, incident);
  }
  if (db.status >= 500) return done('ERROR', `failed to record payment for order ${op.orderId}: db-proxy returned ${db.status}`, 500);
  const bug = hit(sim, 'new_error_template', 'payments', startMs, 0.35);
  if (bug !== null) {
    attrs['exception.type'] = 'java.lang.IllegalStateException';
    return done('ERROR', `charge failed for order ${op.orderId}: java.lang.IllegalStateException: currency EUR not supported by ProviderAdapterV2 at ProviderAdapterV2.authorize(ProviderAdapterV2.java:${rng.int(210, 219)})`, 500, firstIncident(req.incident, bug));
  }
  const burst = hit(sim, 'error_burst', 'payments', startMs, 0.5);
  if (burst !== null || rng.chance(0.004)) {
    incident = firstIncident(incident, burst);
    return done('ERROR', `charge failed for order ${op.orderId}: payment processor returned 500 Internal Server Error`, 500, incident);
  }
  if (rng.chance(0.03)) {
    return done('WARN', `card declined for order ${op.orderId}: ${rng.pick(['insufficient_funds', 'expired_card', 'do_not_honor'])}`, 402);
  }
  return done('INFO', `charge authorized for order ${op.orderId}: ${op.amount.toFixed(2)} EUR, card ****${rng.int(1000, 9999)}, processor took ${ms(processorMs)}ms`, 200);
}
