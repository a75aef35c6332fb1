/**
 * Tail probabilities as surprise in decades (-log10 p), the common currency of the detectors.
 * Approximations are used on purpose: they are monotone, cheap, and accurate to well under a
 * decade, which is all a score needs.
 */
const LN10 = Math.LN10;

/** -log10 of P(X >= k) for X ~ Poisson(lambda); 0 when k <= lambda. Chernoff bound with a
 * Stirling correction, so a single event above a tiny expectation is not overstated. */
export function poissonUpperSurprise(k: number, lambda: number): number {
  if (k <= lambda || k <= 0) return 0;
  const lam = lambda > 1e-9 ? lambda : 1e-9;
  const nats = lam - k + k * Math.log(k / lam) + 0.5 * Math.log(2 * Math.PI * Math.max(k, 1));
  return nats > 0 ? nats / LN10 : 0;
}

/** -log10 of P(X <= k) for X ~ Poisson(lambda); 0 when k >= lambda. */
export function poissonLowerSurprise(k: number, lambda: number): number {
  if (k >= lambda) return 0;
  const kk = k > 0 ? k : 0;
  const nats = kk > 0 ? lambda - kk + kk * Math.log(kk / lambda) : lambda;
  return nats > 0 ? nats / LN10 : 0;
}

/** -log10 of the two-sided normal tail P(|Z| >= z). */
export function normalTailSurprise(z: number): number {
  const a = z < 0 ? -z : z;
  if (a < 1) return 0;
  // Mills ratio: P(|Z| >= a) ~ 2 phi(a) / a.
  const nats = (a * a) / 2 + Math.log(a * Math.sqrt(2 * Math.PI)) - Math.LN2;
  return nats > 0 ? nats / LN10 : 0;
}

/**
 * -log10 of the two-sided Laplace tail P(|X - centre| >= z * b) = exp(-z), b the mean absolute
 * deviation. Heavier than the normal tail, as real latencies and sizes are.
 */
export function laplaceTailSurprise(z: number): number {
  const a = z < 0 ? -z : z;
  return a > 1 ? (a - 1) / LN10 : 0;
}

/**
 * -log10 of a Huber-type tail: normal (z^2 / 2) up to |z| = 3, linear beyond. Sharp enough for a
 * latency several spreads out, and not absurd for a value a hundred spreads out.
 */
export function huberTailSurprise(z: number): number {
  const a = z < 0 ? -z : z;
  if (a < 1.5) return 0;
  const nats = a <= 3 ? (a * a) / 2 : 3 * a - 4.5;
  return nats / LN10;
}

/** -log10 of a probability, with p clamped to (1e-12, 1]. */
export function surprise(p: number): number {
  if (p >= 1) return 0;
  return -Math.log10(p > 1e-12 ? p : 1e-12);
}
