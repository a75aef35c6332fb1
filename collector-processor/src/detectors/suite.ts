import { DEFAULT_DETECTOR_CONFIG, type DetectorConfig } from './config.js';
import { Evidence } from './evidence.js';
import { LazyJsonArray } from '../lazy-json-array.js';
import { ForestDetector } from './forest.js';
import { learnJournal } from './learn-journal.js';
import { PEER_SERVICE, SPAN_KIND, severityLevel, type ScoringInput } from './input.js';
import { detectParams } from './params.js';
import { detectRarity } from './rarity.js';
import { detectSequence } from './sequence.js';
import { ServiceState } from './service-state.js';
import { detectSeverity } from './severity.js';
import { TemplateState } from './template-state.js';
import { FailureTraces } from './trace.js';
import { detectVolume } from './volume.js';

/** Cost of each detector, for the bench: which detectors run (all by default). */
export interface DetectorSwitches {
  rarity: boolean;
  volume: boolean;
  severity: boolean;
  params: boolean;
  sequence: boolean;
  forest: boolean;
  /** Failure propagation along traces (optional for callers written before it: off unless true). */
  trace?: boolean;
}

export const ALL_DETECTORS: DetectorSwitches = { rarity: true, volume: true, severity: true, params: true, sequence: true, forest: true, trace: true };

/**
 * All detectors over all services, with their learned state and its caps. `detect` scores one
 * record into a reused Evidence and learns from it; the caller reads the evidence before the
 * next call.
 */
export class DetectorSuite {
  readonly cfg: DetectorConfig;
  readonly evidence = new Evidence();
  private readonly services = new Map<string, ServiceState>();
  private readonly forest: ForestDetector;
  private readonly failureTraces: FailureTraces;
  private level = 0;
  private templatesTotal = 0;
  private readonly switches: DetectorSwitches;
  readonly capEvents = new Map<string, number>();
  private readonly capEvent = (store: string): void => {
    this.capEvents.set(store, (this.capEvents.get(store) ?? 0) + 1);
  };

  constructor(cfg: Partial<DetectorConfig> = {}, switches: DetectorSwitches = ALL_DETECTORS) {
    this.cfg = { ...DEFAULT_DETECTOR_CONFIG, ...cfg };
    this.forest = new ForestDetector(this.cfg);
    this.failureTraces = new FailureTraces(this.cfg.maxFailureTraces);
    this.switches = switches;
  }

  /** Records the service has seen, this one included (0 before any): drives the warm-up. */
  lastServiceRecords = 0;

  detect(input: ScoringInput): Evidence {
    const ev = this.evidence;
    ev.reset();
    learnJournal.clear();
    const svc = this.service(input.service, input.timeMs);
    const tpl = this.template(svc, input.templateId, input.timeMs);
    const on = this.switches;
    if (on.rarity) detectRarity(svc, tpl, input, this.cfg, ev);
    if (on.volume) detectVolume(svc, tpl, input, this.cfg, ev, this.capEvent, this.callerOf(input));
    if (on.severity) detectSeverity(svc, tpl, input, this.cfg, ev, this.capEvent);
    if (on.params) detectParams(tpl, input, this.cfg, ev, this.capEvent);
    if (on.sequence) detectSequence(svc, tpl, input, this.cfg, ev, this.capEvent);
    this.level = severityLevel(input.severityNumber);
    if (on.forest) this.forest.detect(ev, this.level, tpl.count.value);
    // After the forest: an inherited failure is not a feature of this record's own behaviour.
    if (on.trace === true) this.failureTraces.detect(input, ev);
    if (input.timeMs > svc.lastMs) svc.lastMs = input.timeMs;
    if (input.timeMs > tpl.lastMs) tpl.lastMs = input.timeMs;
    svc.records++;
    this.lastServiceRecords = svc.records;
    return ev;
  }

  /**
   * Learns the verdict on the record last detected, once the ensemble has scored it (its evidence
   * holds the combined decades): failures propagate along traces from anomalous records, and an
   * anomaly's observations are taken back from the tail calibrations (learn-journal.ts).
   */
  settle(isAnomaly: boolean): void {
    // An anomaly does not teach the calibrations how extreme this service usually gets.
    if (learnJournal.overflowed) this.capEvent('detectors.learn_journal.full');
    if (isAnomaly) learnJournal.takeBack();
    else learnJournal.clear();
    if (this.switches.trace === true) this.failureTraces.settle(isAnomaly, this.level, this.evidence.decades, this.capEvent);
  }

  /** The state of the service that called this record's service, when the record names it and it is known. */
  private callerOf(input: ScoringInput): ServiceState | null {
    const peer = input.attributes.get(PEER_SERVICE);
    if (typeof peer !== 'string') return null;
    // A client's record names the service it called there: that one is not its caller.
    const kind = input.attributes.get(SPAN_KIND);
    if (typeof kind === 'string' && isClientKind(kind)) return null;
    return this.services.get(peer) ?? null;
  }

  serviceCount(): number {
    return this.services.size;
  }

  templateCount(service: string): number {
    return this.services.get(service)?.templates.size ?? 0;
  }

  serviceNames(): IterableIterator<string> {
    return this.services.keys();
  }

  private service(name: string, timeMs: number): ServiceState {
    let svc = this.services.get(name);
    if (svc === undefined) {
      if (this.services.size >= this.cfg.maxServices) this.evictServices();
      svc = new ServiceState(name);
      svc.firstMs = timeMs;
      svc.lastMs = timeMs;
      this.services.set(name, svc);
    }
    return svc;
  }

  private template(svc: ServiceState, id: string, timeMs: number): TemplateState {
    let tpl = svc.templates.get(id);
    if (tpl === undefined) {
      if (svc.templates.size >= this.cfg.maxTemplatesPerService) this.evictTemplates(svc);
      // The global cap: a service with templates to spare gives some up, else the least
      // recently active services are forgotten.
      while (this.templatesTotal >= this.cfg.maxTemplatesTotal) {
        if (svc.templates.size >= 8) this.evictTemplates(svc);
        else if (!this.evictServices(svc)) break;
      }
      tpl = new TemplateState(id);
      tpl.firstMs = timeMs;
      tpl.lastMs = timeMs;
      svc.templates.set(id, tpl);
      this.templatesTotal++;
    }
    return tpl;
  }

  /** Forgets the least recently active eighth of the services (never `keep`); false if none could go. */
  private evictServices(keep?: ServiceState): boolean {
    const victims = [...this.services.values()]
      .filter((s) => s !== keep)
      .sort((a, b) => a.lastMs - b.lastMs)
      .slice(0, Math.max(1, this.services.size >> 3));
    for (const v of victims) {
      this.services.delete(v.name);
      this.templatesTotal -= v.templates.size;
      this.capEvent('detectors.services.evicted');
    }
    return victims.length > 0;
  }

  /** Forgets the least recently seen eighth of a service's templates (the global cap evicts from the service that grows). */
  private evictTemplates(svc: ServiceState): void {
    const count = Math.max(1, svc.templates.size >> 3);
    const victims = [...svc.templates.values()].sort((a, b) => a.lastMs - b.lastMs).slice(0, count);
    for (const v of victims) {
      svc.templates.delete(v.id);
      this.templatesTotal--;
      this.capEvent('detectors.templates.evicted');
    }
    if (svc.last !== null && !svc.templates.has(svc.last.id)) svc.last = null;
    svc.dropTraceTemplates((t) => svc.templates.has(t.id));
  }

  toJSON(): unknown {
    return {
      services: [...this.services.values()].map((s) => s.toJSON()),
      forest: this.forest.toJSON(),
      capEvents: [...this.capEvents],
    };
  }

  /**
   * The same data as toJSON(), each service's part built when a streaming writer reaches it (see
   * lazy-json-array.ts). Detection may go on between parts: each service is consistent in itself,
   * a service evicted before its turn is left out, one created meanwhile waits for the next
   * snapshot; the forest and counters are taken after the services.
   */
  lazyJSON(): unknown {
    const names = [...this.services.keys()];
    const services = this.services;
    const suite = this;
    return {
      services: new LazyJsonArray<unknown>(function* () {
        for (const name of names) {
          const svc = services.get(name);
          if (svc !== undefined) yield svc.toJSON();
        }
      }),
      get forest() {
        return suite.forest.toJSON();
      },
      get capEvents() {
        return [...suite.capEvents];
      },
    };
  }

  /** Restores toJSON()'s data; `services` may be any iterable (read once, in order), e.g. parsed one at a time. */
  restore(data: unknown): void {
    const d = data as { services: Iterable<unknown>; forest: unknown; capEvents: [string, number][] };
    this.services.clear();
    this.templatesTotal = 0;
    for (const s of d.services) {
      const svc = ServiceState.from(s);
      this.templatesTotal += svc.templates.size - (this.services.get(svc.name)?.templates.size ?? 0);
      this.services.set(svc.name, svc);
    }
    this.forest.restore(d.forest);
    this.capEvents.clear();
    for (const [k, v] of d.capEvents) this.capEvents.set(k, v);
  }
}

/** span.kind client or producer, in the spellings seen in logs (client, CLIENT, SPAN_KIND_CLIENT). */
function isClientKind(kind: string): boolean {
  const k = kind.length > 10 && kind.startsWith('SPAN_KIND_') ? kind.slice(10) : kind;
  return k === 'client' || k === 'producer' || k === 'CLIENT' || k === 'PRODUCER';
}
