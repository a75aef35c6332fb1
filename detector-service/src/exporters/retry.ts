import type { RetryConfig } from '../config/schema.js';

/** The wait before retry number `attempt` (1-based): exponential, capped, with jitter. */
export function backoffMs(attempt: number, config: RetryConfig, random: () => number = Math.random): number {
  const base = Math.min(config.maxIntervalMs, config.initialIntervalMs * config.multiplier ** (attempt - 1));
  const spread = base * config.randomizationFactor;
  return Math.max(0, Math.round(base - spread + random() * 2 * spread));
}

/** Upper bound on a server's Retry-After, so one bad header cannot park an exporter for days. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** Parses an HTTP Retry-After header (delay-seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) {
    ms = Number(text) * 1000;
  } else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

/** HTTP statuses the OTLP spec (and Loki's clients) retry. */
export function isRetryableHttpStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}
