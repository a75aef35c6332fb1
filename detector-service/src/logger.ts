import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * The service's own structured logs. They go to stderr so that a JSONL exporter writing enriched
 * records to stdout (the embedded default) yields a clean stream of records on stdout.
 */
export function createLogger(level: string, destination: number = 2): Logger {
  return pino(
    {
      name: 'anomalog',
      level,
      base: { pid: process.pid },
      // Secrets never reach the logs, whatever object a caller passes.
      redact: {
        paths: ['bearerToken', 'password', '*.bearerToken', '*.password', '*.authorization', '*.headers.authorization'],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: destination, sync: false }),
  );
}

/** A logger that discards everything (tests, library use). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
