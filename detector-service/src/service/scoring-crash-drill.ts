/**
 * Test drill, run as the scoring thread only when ANOMALOG_TEST_SCORING_CRASH_ON=<text> is in the
 * environment the service starts with: the real thread module with a fault planted ahead of it,
 * an uncaught exception on every scoring request whose bytes contain that text, as a bug in the
 * engine would throw on a poison request. The reliability tests crash the thread this way to see
 * it restarted (and, with the request sent again and again, to see the restarts given up).
 */
import { parentPort } from 'node:worker_threads';
import { CRASH_DRILL_VARIABLE } from '../pipeline/scoring-thread.js';

const marker = Buffer.from(process.env[CRASH_DRILL_VARIABLE] ?? '', 'utf8');
if (marker.length === 0) throw new Error(`${CRASH_DRILL_VARIABLE} names the text of the requests to crash on`);

// Registered before the thread's own listener: a poison request is never scored.
parentPort?.on('message', (message: { type: string; bytes?: Uint8Array }) => {
  if (message.type !== 'score' || message.bytes === undefined) return;
  const bytes = Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength);
  if (bytes.includes(marker)) throw new Error('scoring crash drill: a poison request');
});

await import('../pipeline/scoring-thread-main.js');
