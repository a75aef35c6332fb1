import type { Request, Sim } from '../sim.js';
import { firstIncident } from '../sim.js';
import type { ServiceName } from '../topology.js';
import { dbQuery } from './db-proxy.js';
import { addedLatency, callService, ms, type HopResult } from './hop.js';

export type AuthOp =
  /** A login; `passwordOk` false models a mistyped password, `knownUser` false a name that does not exist. */
  | { kind: 'login'; username: string; passwordOk: boolean; knownUser: boolean }
  | { kind: 'verify' };

/** The auth service: logins (with the login failures every shop sees) and session-token checks. */
export function callAuth(sim: Sim, req: Request, caller: ServiceName, callerSpan: string, startMs: number, op: AuthOp): HopResult {
  return callService(sim, req, caller, callerSpan, 'auth', startMs, (t) => handle(sim, req, t, caller, op));
}

function handle(sim: Sim, req: Request, startMs: number, caller: ServiceName, op: AuthOp): HopResult {
  const rng = sim.rng;
  const span = rng.hex(8);
  const added = addedLatency(sim, 'auth', startMs);
  if (op.kind === 'verify') {
    const endMs = startMs + rng.logNormal(0.8, 0.3) + added.ms;
    const incident = firstIncident(req.incident, added.incident);
    sim.emit(endMs, 'auth', 'DEBUG', `token verified for user ${req.user?.id ?? 'anonymous'}`,
      { 'peer.service': caller, 'span.kind': 'server', 'enduser.id': req.user?.id ?? 'anonymous', duration_ms: ms(endMs - startMs) }, req, span, incident);
    return { endMs, status: 200, incident };
  }
  // Password hashing dominates a login's cost.
  const own = rng.logNormal(45, 0.15) + added.ms;
  const db = dbQuery(sim, req, startMs + 1, 'auth', { table: 'users', kind: 'select' });
  const endMs = Math.max(db.endMs, startMs + own);
  const incident = firstIncident(req.incident, added.incident, db.incident);
  const attrs: Record<string, string | number> = {
    'peer.service': caller, 'span.kind': 'server',
    'client.address': req.clientIp,
    'user.name': op.username,
    duration_ms: ms(endMs - startMs),
  };
  if (db.status >= 500) {
    attrs['http.response.status_code'] = 500;
    sim.emit(endMs, 'auth', 'ERROR', `login for user '${op.username}' aborted: db-proxy returned ${db.status}`, attrs, req, span, incident);
    return { endMs, status: 500, incident };
  }
  if (!op.knownUser || !op.passwordOk) {
    attrs['http.response.status_code'] = 401;
    attrs['auth.result'] = 'failure';
    const reason = op.knownUser ? 'invalid password' : 'unknown user';
    sim.emit(endMs, 'auth', 'WARN', `login failed for user '${op.username}' from ${req.clientIp}: ${reason}`, attrs, req, span, incident);
    return { endMs, status: 401, incident };
  }
  attrs['http.response.status_code'] = 200;
  attrs['auth.result'] = 'success';
  attrs['enduser.id'] = req.user?.id ?? op.username;
  sim.emit(endMs, 'auth', 'INFO', `login succeeded for user '${op.username}' from ${req.clientIp} in ${ms(endMs - startMs)}ms`, attrs, req, span, incident);
  return { endMs, status: 200, incident };
}
