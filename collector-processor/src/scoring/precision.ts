/**
 * Scores and confidences are published with four decimals. More digits say nothing a user can
 * act on (the calibration is not that exact), and a value on this grid prints from a table in
 * the exporters instead of through a double-to-text conversion per record.
 */
export const PUBLISHED_DECIMALS = 4;
const SCALE = 10 ** PUBLISHED_DECIMALS;

/** `value` (in 0..1) rounded to the published grid: k / 10^4 exactly as JS parses that decimal. */
export function toPublishedPrecision(value: number): number {
  return Math.round(value * SCALE) / SCALE;
}
