/** Wilson score interval for a proportion k/n (95% by default): sane at k = 0 and small n. */
export function wilsonInterval(k: number, n: number, z = 1.96): { rate: number; lo: number; hi: number } {
  if (n === 0) return { rate: 0, lo: 0, hi: 1 };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { rate: p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}
