/**
 * The service side of the receiver-only OTLP benchmark, in its own process: both receivers with
 * the real codec and a consumer that only counts records (the engine and exporters are measured
 * separately). Reports its peak RSS when told to stop.
 */
import type { LogsData } from '@anomalog/collector-processor';
import type { ConsumeOutcome, LogsConsumer } from '../pipeline/consumer.js';
import { countRecords } from '../otlp/count-records.js';
import { createGrpcReceiver } from '../receivers/grpc-receiver.js';
import { createHttpReceiver } from '../receivers/http-receiver.js';

class CountingConsumer implements LogsConsumer {
  records = 0;
  async consume(data: LogsData): Promise<ConsumeOutcome> {
    this.records += countRecords(data);
    return { kind: 'accepted', rejectedRecords: 0, message: '' };
  }
}

async function main(): Promise<void> {
  const consumer = new CountingConsumer();
  const config = { host: '127.0.0.1', port: 0 };
  const grpcReceiver = createGrpcReceiver(config, consumer);
  const httpReceiver = createHttpReceiver(config, consumer);
  const [grpcAddress, httpAddress] = await Promise.all([grpcReceiver.start(), httpReceiver.start()]);
  process.send!({ type: 'ready', grpcPort: grpcAddress.port, httpPort: httpAddress.port });
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'stop') return;
    void Promise.all([grpcReceiver.shutdown(1000), httpReceiver.shutdown(1000)]).then(() => {
      const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
      process.send!({ type: 'stopped', records: consumer.records, peakRssMb }, () => process.exit(0));
    });
  });
}

if (process.send !== undefined && process.argv[2] === '--bench-receiver') void main();
