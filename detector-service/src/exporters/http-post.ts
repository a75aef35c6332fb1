import type { SendResult } from './export-record.js';

/**
 * POSTs one batch's body to an HTTP exporter's endpoint within its timeout. A failure before any
 * answer (refused connection, reset, timeout) comes back as the retryable result the queue acts
 * on; any answer, whatever its status, comes back as the Response for the exporter to judge.
 */
export async function postBatch(endpoint: string, headers: Record<string, string>, body: Uint8Array, timeoutMs: number): Promise<Response | SendResult> {
  try {
    return await fetch(endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    return { kind: 'retryable', reason: 'network', message: causeMessage(err) };
  }
}

/** fetch wraps the socket error in `cause`; that is the useful part. */
function causeMessage(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message;
}
