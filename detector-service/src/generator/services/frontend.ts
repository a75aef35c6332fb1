import type { Incident, Request, Sim } from '../sim.js';
import { firstIncident } from '../sim.js';
import { CATEGORIES, SERVICE_SPECS, ZONES, type RouteSpec } from '../topology.js';
import { callAuth } from './auth.js';
import { callCheckout } from './checkout.js';
import { ms, type HopResult } from './hop.js';
import { callInventory } from './inventory.js';
import { callShipping } from './shipping.js';

/** What a login attempt carries when the caller is a password-guessing bot. */
export interface LoginAttempt {
  username: string;
  knownUser: boolean;
  passwordOk: boolean;
  /** The attacker is already rate-limited: the frontend answers 429 without asking auth. */
  blocked: boolean;
}

function sku(sim: Sim): string {
  return `SKU-${sim.rng.int(10000, 10999)}`;
}

/**
 * One public request: the frontend calls the services behind the route, then writes its access
 * log line (the record every request has).
 */
export function handleRequest(sim: Sim, req: Request, arrivalMs: number, route: RouteSpec, login?: LoginAttempt): void {
  const rng = sim.rng;
  const span = rng.hex(8);
  let t = arrivalMs + rng.logNormal(1.2, 0.3);
  let path = route.route;
  let result: HopResult = { endMs: t, status: 200, incident: req.incident };
  const need = (r: HopResult): boolean => {
    result = { endMs: r.endMs, status: r.status, incident: firstIncident(result.incident, r.incident) };
    t = r.endMs;
    return r.status < 400;
  };
  switch (route.route) {
    case '/api/products': {
      const category = rng.pick(CATEGORIES);
      path = `/api/products?category=${category}`;
      need(callInventory(sim, req, 'frontend', span, t, { kind: 'list', category }));
      break;
    }
    case '/api/products/{sku}': {
      const s = sku(sim);
      path = `/api/products/${s}`;
      need(callInventory(sim, req, 'frontend', span, t, { kind: 'get', sku: s }));
      break;
    }
    case '/api/cart/items':
      if (need(callAuth(sim, req, 'frontend', span, t, { kind: 'verify' }))) {
        need(callInventory(sim, req, 'frontend', span, t, { kind: 'stock', sku: sku(sim) }));
      }
      break;
    case '/api/login': {
      const attempt: LoginAttempt = login ?? {
        username: req.user?.name ?? 'guest',
        knownUser: !rng.chance(0.005),
        passwordOk: !rng.chance(0.04),
        blocked: false,
      };
      if (attempt.blocked) {
        result = { endMs: t + 0.3, status: 429, incident: req.incident };
      } else {
        need(callAuth(sim, req, 'frontend', span, t, { kind: 'login', username: attempt.username, knownUser: attempt.knownUser, passwordOk: attempt.passwordOk }));
      }
      break;
    }
    case '/api/checkout':
      if (need(callAuth(sim, req, 'frontend', span, t, { kind: 'verify' }))) {
        const skus = Array.from({ length: rng.int(1, 3) }, () => sku(sim));
        need(callCheckout(sim, req, 'frontend', span, t, { kind: 'create', skus }));
      }
      break;
    case '/api/orders/{id}': {
      const orderId = `ORD-${rng.int(0, 9_999_999).toString().padStart(7, '0')}`;
      path = `/api/orders/${orderId}`;
      if (need(callAuth(sim, req, 'frontend', span, t, { kind: 'verify' }))) {
        need(callCheckout(sim, req, 'frontend', span, t, { kind: 'get', orderId }));
      }
      break;
    }
    case '/api/shipping/quote': {
      const zone = rng.pick(ZONES);
      path = `/api/shipping/quote?zone=${zone}`;
      need(callShipping(sim, req, 'frontend', span, t, { kind: 'quote', zone }));
      break;
    }
  }
  writeAccessLog(sim, req, span, arrivalMs, route, path, result);
}

/** The frontend stops waiting for its backends after this long and answers 504. */
const UPSTREAM_TIMEOUT_MS = 3000;

function writeAccessLog(sim: Sim, req: Request, span: string, arrivalMs: number, route: RouteSpec, path: string, result: HopResult): void {
  const timedOut = result.endMs - arrivalMs > UPSTREAM_TIMEOUT_MS;
  const endMs = timedOut ? arrivalMs + UPSTREAM_TIMEOUT_MS + sim.rng.uniform(0.2, 2) : result.endMs + sim.rng.logNormal(0.6, 0.3);
  if (timedOut) {
    sim.emit(endMs - 0.1, 'frontend', 'WARN', `upstream timeout after ${UPSTREAM_TIMEOUT_MS}ms on ${route.method} ${route.route}`,
      { 'http.request.method': route.method, 'http.route': route.route, 'client.address': req.clientIp }, req, span, result.incident);
  }
  // Downstream 503 (connection refused) becomes 502 Bad Gateway; other server errors stay 500.
  const status = timedOut ? 504 : result.status === 503 ? 502 : result.status >= 500 ? 500 : result.status;
  const duration = endMs - arrivalMs;
  const attrs: Record<string, string | number> = {
    'http.request.method': route.method,
    'http.route': route.route,
    'url.path': path,
    'http.response.status_code': status,
    'client.address': req.clientIp,
    'user_agent.original': req.userAgent,
    'server.address': SERVICE_SPECS.frontend.ip,
    duration_ms: ms(duration),
  };
  if (req.user !== null) attrs['enduser.id'] = req.user.id;
  const severity = status >= 500 ? 'ERROR' : status >= 400 ? 'WARN' : 'INFO';
  const incident: Incident | null = result.incident;
  sim.emit(endMs, 'frontend', severity, `${route.method} ${path} ${status} ${Math.round(duration)}ms`, attrs, req, span, incident);
}
