import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { encodeExportLogsRequest } from '../otlp/proto-encode-logs.js';
import { logRecordOf, logsDataOf } from '../../test/helpers/records.js';
import { CRASH_DRILL_VARIABLE, ScoringThread, type RestartPolicy } from './scoring-thread.js';

// The crash drill (service/scoring-crash-drill.ts) makes the thread throw on requests with this text.
const POISON = 'poison-for-the-scoring-thread-test';
beforeAll(() => {
  process.env[CRASH_DRILL_VARIABLE] = POISON;
});
afterAll(() => {
  delete process.env[CRASH_DRILL_VARIABLE];
});

const INIT = { engineConfig: {}, templatesPerService: 100, state: undefined, logLevel: 'silent', statsIntervalMs: 60_000 };

function request(bodies: string[]): Uint8Array {
  return encodeExportLogsRequest(logsDataOf('api', bodies.map((body, i) => logRecordOf(body, { timeUnixNano: BigInt(i), observedTimeUnixNano: BigInt(i) }))));
}

const GOOD = request(['user 1 logged in', 'user 2 logged in', 'user 3 logged out']);
const BAD = request([`${POISON} 1`]);

/** A logger keeping its lines as objects. */
function capturingLogger(): { log: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

const until = async (check: () => boolean, what: string): Promise<void> => {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('ScoringThread restarts', () => {
  it('fails the request the thread held, and scores a request made while it restarts in the new thread', async () => {
    const { log } = capturingLogger();
    const policy: RestartPolicy = { max: 3, windowMs: 60_000, backoffMs: 100, maxBackoffMs: 1_000 };
    const thread = await ScoringThread.start(INIT, log, policy);
    let restarted = 0;
    thread.onRestarted = () => restarted++;
    try {
      expect(await thread.score('protobuf', GOOD, undefined)).toHaveLength(3);
      await expect(thread.score('protobuf', BAD, undefined)).rejects.toThrow(/scoring thread exited \(1\): scoring crash drill/);
      expect(thread.restarting).toBe(true);
      expect(thread.failure).toBeUndefined();
      expect(thread.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      // The admin API's questions are not held: they are answered from what is known.
      await expect(thread.currentFigures()).rejects.toThrow(/restarting/);
      const verdicts = await thread.score('protobuf', GOOD, undefined);
      expect(verdicts).toHaveLength(3);
      expect(thread.restarting).toBe(false);
      expect(restarted).toBe(1);
      expect(thread.health).toMatchObject({ restarts: 1, restarting: false, gaveUp: false });
      expect(thread.health.lastCrash?.reason).toMatch(/scoring crash drill/);
    } finally {
      await thread.stop();
    }
    expect(thread.failure).toBeInstanceOf(Error);
    expect(thread.health.gaveUp).toBe(false);
  });

  it('doubles the backoff for each crash within the window up to its cap, and the crash past `max` is final', async () => {
    const { log, lines } = capturingLogger();
    const thread = await ScoringThread.start(INIT, log, { max: 3, windowMs: 60_000, backoffMs: 50, maxBackoffMs: 120 });
    for (let crash = 1; crash <= 4; crash++) {
      await until(() => !thread.restarting, `the thread back before crash ${crash}`);
      await expect(thread.score('protobuf', BAD, undefined)).rejects.toThrow(/scoring crash drill/);
    }
    expect(lines.filter((l) => l.msg === 'the scoring thread ended: restarting it from the last saved state').map((l) => l.restartInMs)).toEqual([50, 100, 120]);
    expect(lines.filter((l) => l.level === 60).map((l) => l.msg)).toEqual(['the scoring thread ended: requests are refused until the service is restarted']);
    expect(thread.restarting).toBe(false);
    expect(thread.failure?.message).toMatch(/scoring crash drill/);
    expect(thread.health).toMatchObject({ restarts: 3, gaveUp: true });
    await expect(thread.score('protobuf', GOOD, undefined)).rejects.toThrow(/scoring crash drill/);
    await thread.stop();
  });

  it('is not restarted without a policy, as before restarts existed', async () => {
    const { log } = capturingLogger();
    const thread = await ScoringThread.start(INIT, log);
    await expect(thread.score('protobuf', BAD, undefined)).rejects.toThrow(/scoring crash drill/);
    expect(thread.restarting).toBe(false);
    expect(thread.failure).toBeInstanceOf(Error);
    expect(thread.health).toMatchObject({ restarts: 0, gaveUp: true });
  });

  it('stops at once while waiting to restart, failing the requests held for the new thread', async () => {
    const { log } = capturingLogger();
    const thread = await ScoringThread.start(INIT, log, { max: 3, windowMs: 60_000, backoffMs: 60_000, maxBackoffMs: 60_000 });
    await expect(thread.score('protobuf', BAD, undefined)).rejects.toThrow(/scoring crash drill/);
    const held = thread.score('protobuf', GOOD, undefined);
    const started = Date.now();
    await thread.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(held).rejects.toThrow(/stopped while restarting/);
    expect(thread.restarting).toBe(false);
    expect(thread.health).toMatchObject({ restarts: 0, gaveUp: false });
  });
});
