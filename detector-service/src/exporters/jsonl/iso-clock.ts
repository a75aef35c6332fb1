/**
 * RFC 3339 timestamps with nanoseconds, from int64 nanoseconds. Records of a batch mostly share
 * their second, so the date-time part is cached per second and only the fraction is formatted.
 */
export class IsoClock {
  private second = -1n;
  private prefix = '';

  iso(nanos: bigint): string {
    const second = nanos / 1_000_000_000n;
    if (second !== this.second) {
      this.second = second;
      this.prefix = new Date(Number(second) * 1000).toISOString().slice(0, 19);
    }
    return `${this.prefix}.${(nanos - second * 1_000_000_000n).toString().padStart(9, '0')}Z`;
  }
}
