import path from 'node:path';
import { provisioningDir } from './paths.js';
import { asArray, asRecord, readYaml } from './yaml-file.js';

export const collectorDir = path.join(provisioningDir, 'otel-collector');

export type CollectorConfig = Record<string, unknown> & {
  receivers: Record<string, unknown>;
  processors: Record<string, unknown>;
  exporters: Record<string, unknown>;
  extensions: Record<string, unknown>;
  service: Record<string, unknown>;
};

export function readCollectorConfig(file: string): CollectorConfig {
  const full = path.join(collectorDir, file);
  const doc = asRecord(readYaml(full), full);
  return {
    ...doc,
    receivers: asRecord(doc.receivers ?? {}, `${file}: receivers`),
    processors: asRecord(doc.processors ?? {}, `${file}: processors`),
    exporters: asRecord(doc.exporters ?? {}, `${file}: exporters`),
    extensions: asRecord(doc.extensions ?? {}, `${file}: extensions`),
    service: asRecord(doc.service, `${file}: service`),
  };
}

/** Component type of a name such as `otlp/anomalog` (the part before '/'). */
export function componentType(name: string): string {
  return name.split('/')[0];
}

export interface Pipeline {
  name: string;
  receivers: string[];
  processors: string[];
  exporters: string[];
}

export function pipelinesOf(config: CollectorConfig): Pipeline[] {
  const pipelines = asRecord(config.service.pipelines, 'service.pipelines');
  return Object.entries(pipelines).map(([name, value]) => {
    const p = asRecord(value, `pipeline ${name}`);
    return {
      name,
      receivers: asArray(p.receivers, `${name}.receivers`).map(String),
      processors: asArray(p.processors ?? [], `${name}.processors`).map(String),
      exporters: asArray(p.exporters, `${name}.exporters`).map(String),
    };
  });
}

/** Ports the collector's OTLP receivers listen on, by protocol. */
export function otlpReceiverPorts(config: CollectorConfig): { grpc?: number; http?: number } {
  const out: { grpc?: number; http?: number } = {};
  for (const [name, value] of Object.entries(config.receivers)) {
    if (componentType(name) !== 'otlp') continue;
    const protocols = asRecord(asRecord(value, name).protocols, `${name}.protocols`);
    for (const proto of ['grpc', 'http'] as const) {
      const endpoint = protocols[proto] ? String(asRecord(protocols[proto], proto).endpoint) : undefined;
      if (endpoint) out[proto] = Number(endpoint.split(':').pop());
    }
  }
  return out;
}

/** The port of the collector's own Prometheus metrics (service.telemetry.metrics.readers). */
export function telemetryPort(config: CollectorConfig): number | undefined {
  const metrics = asRecord(asRecord(config.service.telemetry ?? {}, 'telemetry').metrics ?? {}, 'telemetry.metrics');
  for (const reader of asArray(metrics.readers ?? [], 'telemetry.metrics.readers')) {
    const pull = asRecord(asRecord(reader, 'reader').pull ?? {}, 'reader.pull');
    const prometheus = asRecord(asRecord(pull.exporter ?? {}, 'pull.exporter').prometheus ?? {}, 'prometheus');
    if (prometheus.port !== undefined) return Number(prometheus.port);
  }
  return undefined;
}
