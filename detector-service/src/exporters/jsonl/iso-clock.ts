import type { JsonBytes } from './json-bytes.js';

const NANOS_PER_SECOND = 1_000_000_000n;

/**
 * RFC 3339 timestamps with nanoseconds, from int64 nanoseconds, written as bytes. Records of a
 * batch mostly share their second, so the date-time part is encoded once per second and only the
 * fraction is written for each record.
 */
export class IsoClock {
  /** First nanosecond of the cached second; -1 before any. */
  private secondStart = -1n;
  private secondEnd = -1n;
  private prefix = Buffer.alloc(0);

  /** Writes `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` (unquoted). */
  write(out: JsonBytes, nanos: bigint): void {
    if (nanos < 0n) {
      // Before 1970: written as it always was (the fraction keeps its sign), on no fast path.
      const second = nanos / NANOS_PER_SECOND;
      const prefix = new Date(Number(second) * 1000).toISOString().slice(0, 19);
      out.ascii(`${prefix}.${(nanos - second * NANOS_PER_SECOND).toString().padStart(9, '0')}Z`);
      return;
    }
    if (this.secondStart < 0n || nanos < this.secondStart || nanos >= this.secondEnd) {
      const second = nanos / NANOS_PER_SECOND;
      this.secondStart = second * NANOS_PER_SECOND;
      this.secondEnd = this.secondStart + NANOS_PER_SECOND;
      this.prefix = Buffer.from(new Date(Number(second) * 1000).toISOString().slice(0, 19) + '.', 'latin1');
    }
    out.raw(this.prefix);
    out.paddedInt(Number(nanos - this.secondStart), 9);
    out.byte(0x5a); // Z
  }
}
