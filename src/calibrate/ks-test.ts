/**
 * One-sample Kolmogorov–Smirnov test against a continuous CDF.
 *
 * The p-value is the asymptotic Kolmogorov distribution at Stephens' small-sample corrected
 * λ = (√n + 0.12 + 0.11/√n)·D. When the CDF's parameters were estimated from the same sample
 * (as in `fit`), D is stochastically smaller than the test assumes, so the p-value is
 * optimistic (Lilliefors): read it as "fit not rejected", not as a calibrated probability.
 */
export interface KsResult {
  readonly d: number;
  readonly pValue: number;
  readonly n: number;
}

/** D = sup |F_n(x) − F(x)|, from the sorted sample: at each order statistic the ECDF jumps from (i−1)/n to i/n. */
export function ksStatistic(sortedAscending: readonly number[], cdf: (x: number) => number): number {
  const n = sortedAscending.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sortedAscending[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/**
 * Q_KS(λ) = P(K > λ) = 2 Σ_{j≥1} (−1)^{j−1} e^{−2j²λ²}; for small λ that alternating series
 * converges slowly, so there the Jacobi-transformed series of P(K ≤ λ) is used instead.
 */
export function kolmogorovSurvival(lambda: number): number {
  if (!(lambda > 0)) return 1;
  if (lambda < 1.18) {
    const y = Math.exp((-Math.PI * Math.PI) / (8 * lambda * lambda));
    // P(K ≤ λ) = √(2π)/λ · Σ_{j≥1} y^{(2j−1)²}
    let sum = 0;
    for (let j = 1; j <= 8; j++) sum += Math.pow(y, (2 * j - 1) ** 2);
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum));
  }
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    sum += j % 2 === 1 ? term : -term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

export function ksTest(sample: readonly number[], cdf: (x: number) => number): KsResult {
  return ksTestSorted([...sample].sort((a, b) => a - b), cdf);
}

/** ksTest of a sample already in ascending order (no copy, no sort). */
export function ksTestSorted(sortedAscending: readonly number[], cdf: (x: number) => number): KsResult {
  const n = sortedAscending.length;
  const d = ksStatistic(sortedAscending, cdf);
  const sqrtN = Math.sqrt(n);
  return { d, pValue: kolmogorovSurvival((sqrtN + 0.12 + 0.11 / sqrtN) * d), n };
}
