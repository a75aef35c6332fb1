/**
 * Shared by the reliability tests: the built `anomalog serve` in a child process, OTLP requests
 * whose records each carry a unique id (so the exported output can be matched record for record),
 * and raw gRPC / HTTP export calls that report exactly how the service answered.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import type { KeyValue, LogRecord, LogsData } from '@anomalog/collector-processor';
import { startServeProcess, type ServeProcess, type ServeProcessOptions } from '../src/bench/serve-process.js';
import { encodeExportLogsRequest } from '../src/otlp/proto-encode-logs.js';
import { LOGS_EXPORT_PATH } from '../src/receivers/grpc-receiver.js';

const DIST_MAIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/** The real service, from the build (`npm test` builds first). */
export function startServe(options: ServeProcessOptions = {}): Promise<ServeProcess> {
  if (!existsSync(DIST_MAIN)) throw new Error(`${DIST_MAIN} is missing: run \`npm run build\` first (npm test does)`);
  return startServeProcess({ ...options, cliMain: DIST_MAIN });
}

export const ID_KEY = 'test.id';

/**
 * `count` records over `services` services, each with the id `${prefix}-${i}`; the message kinds
 * are `kinds(i)` (default: a handful of fixed texts with a number in them).
 */
export function idRequest(prefix: string, count: number, services = 3, kinds: (i: number) => string = (i) => `job ${i % 5 === 0 ? 'failed' : 'finished'} after ${i % 97} ms`): { data: LogsData; ids: string[] } {
  const ids: string[] = [];
  const byService: LogRecord[][] = Array.from({ length: services }, () => []);
  const now = BigInt(Date.now()) * 1_000_000n;
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${i}`;
    ids.push(id);
    const attributes: KeyValue[] = [{ key: ID_KEY, value: id }];
    byService[i % services].push({
      timeUnixNano: now + BigInt(i),
      observedTimeUnixNano: now + BigInt(i),
      severityNumber: 9,
      severityText: 'INFO',
      body: kinds(i),
      attributes,
      droppedAttributesCount: 0,
      flags: 0,
      traceId: new Uint8Array(0),
      spanId: new Uint8Array(0),
      eventName: '',
    });
  }
  return {
    ids,
    data: {
      resourceLogs: byService.map((logRecords, s) => ({
        resource: { attributes: [{ key: 'service.name', value: `reliability-${s}` }], droppedAttributesCount: 0 },
        scopeLogs: [{ scope: { name: 'test', version: '', attributes: [], droppedAttributesCount: 0 }, logRecords, schemaUrl: '' }],
        schemaUrl: '',
      })),
    },
  };
}

export function protobuf(data: LogsData): Uint8Array {
  return encodeExportLogsRequest(data);
}

export interface GrpcAnswer {
  code: number;
  details: Buffer | undefined;
}

/** One raw OTLP/gRPC export call. */
export function grpcExport(client: grpc.Client, body: Uint8Array, metadata = new grpc.Metadata()): Promise<GrpcAnswer> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      LOGS_EXPORT_PATH,
      (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength),
      (b: Buffer) => b,
      body,
      metadata,
      (err) => resolve({ code: err?.code ?? grpc.status.OK, details: err?.metadata?.get('grpc-status-details-bin')[0] as Buffer | undefined }),
    );
  });
}

/** The `test.id` of every record in a JSONL export file. */
export function exportedIds(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { attributes: Record<string, unknown> }).attributes[ID_KEY] as string);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
