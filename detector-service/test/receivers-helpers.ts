import type { LogsData } from '@anomalog/collector-processor';
import type { ConsumeMeta, ConsumeOutcome, LogsConsumer } from '../src/pipeline/consumer.js';
import { createGrpcReceiver } from '../src/receivers/grpc-receiver.js';
import { createHttpReceiver } from '../src/receivers/http-receiver.js';
import type { Receiver, ReceiverConfig, ReceiverObserver, RefusalReason, Transport } from '../src/receivers/receiver-api.js';

/** A pipeline stand-in for receiver tests: records what it got, answers what the test scripts. */
export class RecordingConsumer implements LogsConsumer {
  readonly requests: { data: LogsData; meta: ConsumeMeta }[] = [];
  /** Answer for the next requests; `accepted` with nothing rejected unless set. */
  next: ConsumeOutcome = { kind: 'accepted', rejectedRecords: 0, message: '' };
  /** Milliseconds to hold each request before answering (to test in-flight shutdown). */
  delayMs = 0;

  async consume(data: LogsData, meta: ConsumeMeta): Promise<ConsumeOutcome> {
    this.requests.push({ data, meta });
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    return this.next;
  }

  get records() {
    return this.requests.flatMap((r) =>
      r.data.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords.map((record) => ({ resource: rl.resource, scope: sl.scope, record })))),
    );
  }
}

/** Counts what the receivers report, by transport and reason. */
export class CountingObserver implements ReceiverObserver {
  readonly counts = new Map<string, number>();
  private add(key: string, n: number): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }
  received(t: Transport, n: number): void {
    this.add(`${t}.received`, n);
  }
  accepted(t: Transport, n: number): void {
    this.add(`${t}.accepted`, n);
  }
  refused(t: Transport, reason: RefusalReason, n: number): void {
    this.add(`${t}.refused.${reason}`, n);
  }
  requestRefused(t: Transport, reason: RefusalReason): void {
    this.add(`${t}.refusedRequests.${reason}`, 1);
  }
  processed(t: Transport): void {
    this.add(`${t}.processed`, 1);
  }
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

export interface RunningReceivers {
  grpc: Receiver;
  http: Receiver;
  grpcPort: number;
  httpPort: number;
  stop(): Promise<void>;
}

export async function startReceivers(
  consumer: LogsConsumer,
  overrides: Partial<ReceiverConfig> = {},
  observer?: ReceiverObserver,
): Promise<RunningReceivers> {
  const config: ReceiverConfig = { host: '127.0.0.1', port: 0, ...overrides };
  const grpc = createGrpcReceiver(config, consumer, { observer });
  const http = createHttpReceiver(config, consumer, { observer });
  const [g, h] = await Promise.all([grpc.start(), http.start()]);
  return {
    grpc,
    http,
    grpcPort: g.port,
    httpPort: h.port,
    stop: async () => {
      await Promise.all([grpc.shutdown(2000), http.shutdown(2000)]);
    },
  };
}
