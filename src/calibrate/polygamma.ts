/**
 * Digamma ψ(x) = d/dx ln Γ(x) and trigamma ψ'(x), for x > 0: the recurrences
 * ψ(x) = ψ(x + 1) − 1/x and ψ'(x) = ψ'(x + 1) + 1/x² move x above 10, where the asymptotic
 * (Bernoulli) series reach full double precision with the terms below.
 */

const ASYMPTOTIC_FROM = 10;

export function digamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return x === Infinity ? Infinity : NaN;
  let shift = 0;
  while (x < ASYMPTOTIC_FROM) {
    shift -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  // ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ): B₂=1/6, B₄=−1/30, B₆=1/42, B₈=−1/30, B₁₀=5/66, B₁₂=−691/2730.
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32_760))))));
  return shift + Math.log(x) - 0.5 / x - series;
}

export function trigamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return x === Infinity ? 0 : NaN;
  let shift = 0;
  while (x < ASYMPTOTIC_FROM) {
    shift += 1 / (x * x);
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  // 1/x + 1/(2x²) + Σ B₂ₖ/x²ᵏ⁺¹.
  const series = inv * inv2 * (1 / 6 - inv2 * (1 / 30 - inv2 * (1 / 42 - inv2 * (1 / 30 - inv2 * (5 / 66 - inv2 * (691 / 2730))))));
  return shift + inv + 0.5 * inv2 + series;
}
