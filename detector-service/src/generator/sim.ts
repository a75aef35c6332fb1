import { EventQueue } from './event-queue.js';
import { Prng } from './prng.js';
import type { AnomalyType, AttributeValue, GeneratedRecord, IncidentInfo, SeverityName } from './record.js';
import { SEVERITY } from './record.js';
import { makeUsers, SERVICE_SPECS, SERVICES, type ServiceName, type User } from './topology.js';

/** An incident while it runs: its schedule plus what the handlers need to apply it. */
export interface Incident {
  info: IncidentInfo;
  /** Median of the latency the incident adds to each affected call of its target (latency_spike, hardware_error). */
  extraLatencyMs: number;
  /** Free per-incident state (e.g. crash-loop restarts, a blocked attacker). */
  count: number;
  /** Which variant of the incident's text this run uses (picked per incident from the seed). */
  variant: number;
}

/** One request as it travels through the services. */
export interface Request {
  traceId: string;
  user: User | null;
  clientIp: string;
  userAgent: string;
  /** An incident the whole request belongs to (an attacker's request, traffic during a drop). */
  incident: Incident | null;
}

export interface ServiceState {
  version: string;
  pid: number;
  /** The crash-loop incident while the service is down, else null. */
  downBy: Incident | null;
  startedMs: number;
  resource: Record<string, string>;
}

/** Something to do at a simulated time (an arrival, a timer, an incident phase). */
export type Action = (timeMs: number) => void;
type QueueItem = GeneratedRecord | Action;

/** Simulation state shared by the handlers: clock-ordered output, services, incidents, randomness. */
export class Sim {
  readonly rng: Prng;
  readonly queue = new EventQueue<QueueItem>();
  readonly users: User[];
  readonly services = {} as Record<ServiceName, ServiceState>;
  readonly active: Incident[] = [];
  private counter = 0;

  constructor(seed: string | number, readonly environment: string) {
    this.rng = new Prng(seed);
    this.users = makeUsers(400, () => this.rng.next());
    for (const name of SERVICES) {
      const state: ServiceState = { version: SERVICE_SPECS[name].version, pid: 0, downBy: null, startedMs: 0, resource: {} };
      this.services[name] = state;
      this.setVersion(name, state.version);
    }
  }

  setVersion(service: ServiceName, version: string): void {
    const state = this.services[service];
    state.version = version;
    // A new object per version: records already emitted keep the resource they were logged with.
    state.resource = {
      'service.name': service,
      'service.namespace': 'shop',
      'service.version': version,
      'host.name': SERVICE_SPECS[service].host,
      'deployment.environment.name': this.environment,
    };
  }

  /** A short increasing id for orders, shipments and similar business keys. */
  nextId(): number {
    return ++this.counter;
  }

  schedule(timeMs: number, action: Action): void {
    this.queue.push(timeMs, action);
  }

  /** The running incident of `type` on `service` at `timeMs`, if any. */
  incident(type: AnomalyType, service: string, timeMs: number): Incident | null {
    for (const inc of this.active) {
      if (inc.info.type === type && inc.info.service === service && timeMs >= inc.info.startMs && timeMs < inc.info.endMs) return inc;
    }
    return null;
  }

  emit(
    timeMs: number,
    service: ServiceName,
    severity: SeverityName,
    body: string,
    attributes: Record<string, AttributeValue>,
    req: Request | null,
    spanId: string,
    incident: Incident | null,
  ): void {
    const rec: GeneratedRecord = {
      timeMs,
      service,
      resource: this.services[service].resource,
      severityNumber: SEVERITY[severity],
      severityText: severity,
      body,
      attributes,
      traceId: req?.traceId ?? '',
      spanId,
      label: incident === null ? 0 : 1,
      anomalyType: incident?.info.type ?? null,
      incidentId: incident?.info.id ?? null,
    };
    this.queue.push(timeMs, rec);
  }
}

/** The first incident that is not null: the one a record is labelled with. */
export function firstIncident(...incidents: Array<Incident | null>): Incident | null {
  for (const inc of incidents) if (inc !== null) return inc;
  return null;
}
