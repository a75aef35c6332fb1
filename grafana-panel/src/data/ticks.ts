/** Up to about `count` round tick values covering 0..max (1, 2 or 5 times a power of ten apart). */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) {
    return [0];
  }
  const rough = max / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = 0; v <= max * (1 + 1e-9); v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}

/** Evenly spaced time ticks on whole multiples of a readable step (1 min ... 1 day). */
export function timeTicks(fromMs: number, toMs: number, maxTicks: number): number[] {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);
  const span = toMs - fromMs;
  if (!(span > 0) || maxTicks < 1) {
    return [];
  }
  const intervals = Math.max(1, maxTicks - 1);
  const step = steps.find((s) => span / s <= intervals) ?? Math.ceil(span / intervals / 86_400_000) * 86_400_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs; t += step) {
    ticks.push(t);
  }
  return ticks;
}

/** A count in few characters: 950, 1.2k, 34k, 5.6M. */
export function shortCount(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) {
    return `${(value / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  }
  if (abs >= 1e3) {
    return `${(value / 1e3).toFixed(abs >= 1e4 ? 0 : 1)}k`;
  }
  return Number.isInteger(value) ? String(value) : value.toFixed(abs < 10 ? 1 : 0);
}
