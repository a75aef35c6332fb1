import type { RecordVerdict } from '@anomalog/collector-processor';

export interface TemplateEntry {
  id: string;
  template: string;
  count: number;
  anomalies: number;
  firstSeenMs: number;
  lastSeenMs: number;
}

/** Plain-data form of the catalog, saved with the engine state. */
export type CatalogSnapshot = Record<string, TemplateEntry[]>;

/**
 * Templates per service with their counts, for /api/v1/templates. Bounded: at most
 * `perService` templates per service and `maxServices` services; what does not fit is counted.
 */
export class TemplateCatalog {
  private readonly services = new Map<string, Map<string, TemplateEntry>>();
  dropped = 0;

  constructor(
    private readonly perService: number,
    private readonly maxServices: number = 10_000,
  ) {}

  observe(verdicts: readonly RecordVerdict[]): void {
    // A batch's records come grouped by service (one resource after another): the service's
    // templates are looked up once per run of its records, not once per record.
    let lastService = '';
    let lastTemplates: Map<string, TemplateEntry> | undefined;
    for (let i = 0; i < verdicts.length; i++) {
      const v = verdicts[i];
      let templates = lastTemplates !== undefined && v.service === lastService ? lastTemplates : this.services.get(v.service);
      if (!templates) {
        if (this.services.size >= this.maxServices) {
          this.dropped++;
          continue;
        }
        templates = new Map();
        this.services.set(v.service, templates);
      }
      lastService = v.service;
      lastTemplates = templates;
      let entry = templates.get(v.templateId);
      if (!entry) {
        if (templates.size >= this.perService) {
          this.dropped++;
          continue;
        }
        entry = { id: v.templateId, template: v.template, count: 0, anomalies: 0, firstSeenMs: v.timeMs, lastSeenMs: v.timeMs };
        templates.set(v.templateId, entry);
      }
      entry.count++;
      if (v.isAnomaly) entry.anomalies++;
      // The miner may generalise a template's text while its id stays the same.
      if (entry.template !== v.template) entry.template = v.template;
      if (v.timeMs > entry.lastSeenMs) entry.lastSeenMs = v.timeMs;
    }
  }

  /** Services with their templates, busiest first. */
  list(service?: string, limit = 100): { service: string; templateCount: number; templates: TemplateEntry[] }[] {
    const out = [];
    for (const [name, templates] of this.services) {
      if (service !== undefined && name !== service) continue;
      const sorted = [...templates.values()].sort((a, b) => b.count - a.count).slice(0, limit);
      out.push({ service: name, templateCount: templates.size, templates: sorted });
    }
    return out.sort((a, b) => a.service.localeCompare(b.service));
  }

  snapshot(): CatalogSnapshot {
    const out: CatalogSnapshot = {};
    for (const [service, templates] of this.services) out[service] = [...templates.values()];
    return out;
  }

  restore(snapshot: CatalogSnapshot): void {
    this.services.clear();
    for (const [service, entries] of Object.entries(snapshot)) {
      const templates = new Map<string, TemplateEntry>();
      for (const e of entries.slice(0, this.perService)) templates.set(e.id, { ...e });
      this.services.set(service, templates);
      if (this.services.size >= this.maxServices) break;
    }
  }
}
