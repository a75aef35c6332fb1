/**
 * The `servicePipeline` section of `anomalog bench`: what the service adds around the engine,
 * without a network. The same OTLP requests (1,000 records over 20 services) go once through the
 * engine alone and once through the whole pipeline (engine, metrics, service graph, admin
 * catalog and anomaly ring, JSONL exporter writing to a file). Both are timed in CPU seconds, so
 * the difference is the service's own cost per record even on a shared machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type LogsData } from '@anomalog/collector-processor';
import { loadConfig } from '../config/load.js';
import { silentLogger } from '../logger.js';
import { AnomalyRing } from '../admin/anomaly-ring.js';
import { TemplateCatalog } from '../admin/template-catalog.js';
import { createExporter } from '../exporters/create-exporter.js';
import { ServiceGraph } from '../metrics/service-graph.js';
import { ServiceMetrics } from '../metrics/service-metrics.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { sampleLogsBatch } from './otlp-sample-batch.js';

export interface ServicePipelineBenchResult {
  records: number;
  /** Records per CPU second through engine.process alone. */
  engineRecordsPerCpuSecond: number;
  /** Records per CPU second through the whole pipeline, export included. */
  pipelineRecordsPerCpuSecond: number;
  /** CPU microseconds per record the service adds to the engine's. */
  serviceMicrosPerRecord: number;
  loadAverage: number;
}

const REQUESTS = 200;

/** Request `i`, built when needed: holding all of them would make the GC's work the figure. */
function request(i: number): LogsData {
  return sampleLogsBatch({ records: 1000, services: 20, seed: i });
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

export async function benchServicePipeline(): Promise<ServicePipelineBenchResult> {
  // Engine alone.
  // What building the requests costs (garbage collection included) is measured on its own and
  // taken off both runs, which build the same requests as they go.
  let started = cpuSeconds();
  for (let i = 0; i < REQUESTS; i++) request(i);
  const buildCpu = cpuSeconds() - started;

  const engineOnly = createEngine();
  let records = 0;
  started = cpuSeconds();
  for (let i = 0; i < REQUESTS; i++) records += engineOnly.process(request(i)).length;
  const engineCpu = cpuSeconds() - started - buildCpu;

  // The whole pipeline, from the embedded default configuration with the JSONL file exporter.
  const dir = mkdtempSync(join(tmpdir(), 'anomalog-bench-pipeline-'));
  try {
    const config = loadConfig({ sets: [`exporters.jsonl.path=${join(dir, 'out.jsonl')}`, 'exporters.jsonl.maxFiles=0', 'exporters.jsonl.maxFileSizeMiB=64'] });
    const metrics = new ServiceMetrics({ labelValuesLimit: config.metrics.labelValuesLimit, processMetrics: false });
    const log = silentLogger();
    const exporters = config.exporters.map((e) => createExporter(e, metrics, log));
    const pipeline = new Pipeline({
      engine: createEngine(),
      exporters,
      metrics,
      graph: new ServiceGraph(config.serviceGraph, metrics),
      catalog: new TemplateCatalog(config.admin.templatesPerService),
      anomalies: new AnomalyRing(config.admin.recentAnomalies),
      log,
    });
    started = cpuSeconds();
    for (let i = 0; i < REQUESTS; i++) {
      const data = request(i);
      let outcome = await pipeline.consume(data, { transport: 'grpc' });
      // A full queue means: let the exporter catch up, as a client honouring Retry-After would.
      while (outcome.kind === 'backpressure') {
        await Promise.all(exporters.map((e) => e.whenIdle()));
        outcome = await pipeline.consume(data, { transport: 'grpc' });
      }
      // Export runs between requests, as it does in the service.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(exporters.map((e) => e.whenIdle()));
    const pipelineCpu = cpuSeconds() - started - buildCpu;
    await Promise.all(exporters.map((e) => e.shutdown(1000)));
    return {
      records,
      engineRecordsPerCpuSecond: Math.round(records / engineCpu),
      pipelineRecordsPerCpuSecond: Math.round(records / pipelineCpu),
      serviceMicrosPerRecord: Math.round(((pipelineCpu - engineCpu) / records) * 1e6 * 10) / 10,
      loadAverage: Math.round(loadavg()[0] * 100) / 100,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeServicePipeline(result: unknown): string {
  const r = result as ServicePipelineBenchResult;
  return (
    `service pipeline: ${r.pipelineRecordsPerCpuSecond.toLocaleString('en')} records per CPU second with metrics, graph and JSONL export ` +
    `(engine alone ${r.engineRecordsPerCpuSecond.toLocaleString('en')}); the service adds ${r.serviceMicrosPerRecord} µs of CPU per record`
  );
}
