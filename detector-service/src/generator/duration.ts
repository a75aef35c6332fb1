/** Parses a duration such as `90s`, `30m`, `2h`, `1d`, `500ms` or a bare number of seconds, into ms. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (m === null) throw new Error(`'${text}' is not a duration (examples: 500ms, 90s, 30m, 2h, 1d)`);
  const value = Number(m[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h' | 'd'];
  return value * unit;
}
