import type { LogsData } from '@anomalog/collector-processor';
import type { ConsumeMeta, ConsumeOutcome, LogsConsumer } from '../pipeline/consumer.js';
import type { ReceiverObserver, Transport } from './receiver-api.js';
import { countRecords } from '../otlp/count-records.js';

const EMPTY_ACCEPTED: ConsumeOutcome = { kind: 'accepted', rejectedRecords: 0, message: '' };

/**
 * Hands a decoded request to the pipeline and reports the outcome to the observer. A request
 * without records is answered as a success without bothering the pipeline.
 */
export async function deliver(
  data: LogsData,
  consumer: LogsConsumer,
  transport: Transport,
  observer: ReceiverObserver,
  decodeStarted: bigint,
  raw?: ConsumeMeta['raw'],
): Promise<ConsumeOutcome> {
  const records = countRecords(data);
  observer.received(transport, records);
  const outcome = records === 0 ? EMPTY_ACCEPTED : await consumer.consume(data, { transport, raw });
  if (outcome.kind === 'backpressure') {
    observer.refused(transport, 'backpressure', records);
    observer.requestRefused(transport, 'backpressure');
  } else {
    const rejected = Math.min(Math.max(outcome.rejectedRecords, 0), records);
    observer.accepted(transport, records - rejected);
    if (rejected > 0) observer.refused(transport, 'invalid', rejected);
  }
  observer.processed(transport, Number(process.hrtime.bigint() - decodeStarted) / 1e9);
  return outcome;
}
