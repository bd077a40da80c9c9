/**
 * Multi-objective helpers: the Pareto front and a lexicographic ranking. A missing value
 * (NaN) or a non-finite one (an overflow: ±Infinity) counts as the worst possible value in its
 * dimension, so an undefined or overflowed metric never makes a strategy look good.
 */

export type Better = 'higher' | 'lower';

/** Maps a value to "bigger is better" with NaN and ±Infinity as the worst. */
function goodness(v: number, better: Better): number {
  if (!Number.isFinite(v)) return -Infinity;
  return better === 'higher' ? v : -v;
}

function checkShape(points: readonly (readonly number[])[], better: readonly Better[]): void {
  for (const p of points) {
    if (p.length !== better.length) throw new RangeError(`point has ${p.length} values but ${better.length} dimensions were given`);
  }
}

/** Whether `a` dominates `b`: at least as good in every dimension and strictly better in one. */
export function dominates(a: readonly number[], b: readonly number[], better: readonly Better[]): boolean {
  let strictly = false;
  for (let i = 0; i < better.length; i++) {
    const ga = goodness(a[i], better[i]);
    const gb = goodness(b[i], better[i]);
    if (ga < gb) return false;
    if (ga > gb) strictly = true;
  }
  return strictly;
}

/**
 * For each point, whether it is on the Pareto front: no other point dominates it. Identical
 * points do not dominate each other, so ties are all on (or all off) the front.
 */
export function paretoFront(points: readonly (readonly number[])[], better: readonly Better[]): boolean[] {
  checkShape(points, better);
  return points.map((p, i) => !points.some((q, j) => j !== i && dominates(q, p, better)));
}

/**
 * Competition ranking ("1, 1, 3") by the first dimension, ties broken by the next, and so on.
 * Points equal in every dimension share a rank.
 */
export function rankLexicographic(points: readonly (readonly number[])[], better: readonly Better[]): number[] {
  checkShape(points, better);
  const cmp = (a: readonly number[], b: readonly number[]): number => {
    for (let i = 0; i < better.length; i++) {
      const d = goodness(b[i], better[i]) - goodness(a[i], better[i]);
      if (d !== 0 && !Number.isNaN(d)) return d;
    }
    return 0;
  };
  return points.map((p) => 1 + points.filter((q) => cmp(q, p) < 0).length);
}
