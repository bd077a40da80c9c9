/**
 * Jain's fairness index of non-negative allocations x₁..xₙ: (Σx)² / (n·Σx²). 1 when every
 * party gets the same, 1/n when one gets everything. NaN with no parties or all zero
 * (nobody got anything: neither fair nor unfair).
 */
export function jainIndex(values: readonly number[]): number {
  let sum = 0, sumSq = 0;
  for (const x of values) {
    sum += x;
    sumSq += x * x;
  }
  return values.length > 0 && sumSq > 0 ? (sum * sum) / (values.length * sumSq) : NaN;
}
