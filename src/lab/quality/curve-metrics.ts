/**
 * RouteLLM's router metrics (Ong et al., "RouteLLM: Learning to Route LLMs with Preference
 * Data", arXiv:2406.18665, evaluation metrics; code: routellm/evals/evaluate.py):
 *
 * - c(R_α): the percentage of calls a router makes to the strong model at threshold α.
 * - PGR(R_α) = (r(R_α) − r(M_weak)) / (r(M_strong) − r(M_weak)): the performance gap
 *   recovered, where r is the benchmark score (accuracy, or MT-Bench judge score).
 * - APGR(R) = ∫₀¹ PGR(R_α) d(c(R_α)): the average PGR over call percentages. The paper
 *   approximates it by a sum over ten equal call-percentage bins; the code takes the trapezoid area under
 *   the (c, score) curve sorted by c and normalises it as (AUC − AUC_weak) / (AUC_strong −
 *   AUC_weak), which equals the trapezoid area under the PGR curve divided by the width of the
 *   c range covered — what `apgr` computes (over [0, 1] when the curve spans it).
 * - CPT(x%): the call-performance threshold, the minimum percentage of strong calls needed to
 *   reach a PGR of x%. The code interpolates call % at the target score with `np.interp` over
 *   the curve; for a curve that is not monotone that is ill-defined, so `cpt` takes the first
 *   point, walking the piecewise-linear curve in increasing c, where PGR reaches x (the same
 *   value on a monotone curve).
 *
 * Call rates here are fractions in [0, 1], not percentages.
 */

export interface CallPgrPoint {
  /** Fraction of requests sent to the strong model. */
  readonly strongCallRate: number;
  readonly pgr: number;
}

/** Finite points sorted by call rate (ties keep their order). */
function sortedPoints(points: readonly CallPgrPoint[]): CallPgrPoint[] {
  return points
    .filter((p) => Number.isFinite(p.strongCallRate) && Number.isFinite(p.pgr))
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.strongCallRate - b.p.strongCallRate || a.i - b.i)
    .map(({ p }) => p);
}

/** Average PGR: trapezoid area under PGR over call rate, divided by the call-rate range covered. NaN for < 2 distinct call rates. */
export function apgr(points: readonly CallPgrPoint[]): number {
  return apgrSorted(sortedPoints(points));
}

function apgrSorted(ps: readonly CallPgrPoint[]): number {
  if (ps.length < 2) return NaN;
  const width = ps[ps.length - 1].strongCallRate - ps[0].strongCallRate;
  if (!(width > 0)) return NaN;
  let area = 0;
  for (let i = 1; i < ps.length; i++) {
    area += ((ps[i].pgr + ps[i - 1].pgr) / 2) * (ps[i].strongCallRate - ps[i - 1].strongCallRate);
  }
  return area / width;
}

/**
 * Call-performance threshold: the smallest call rate at which the linearly interpolated curve
 * reaches `targetPgr` (0.5 for CPT(50%)); NaN when it never does.
 */
export function cpt(points: readonly CallPgrPoint[], targetPgr: number): number {
  return cptSorted(sortedPoints(points), targetPgr);
}

function cptSorted(ps: readonly CallPgrPoint[], targetPgr: number): number {
  for (let i = 0; i < ps.length; i++) {
    const b = ps[i];
    if (b.pgr < targetPgr) continue;
    if (i === 0) return b.strongCallRate;
    const a = ps[i - 1];
    // a is below the target (else the loop would have stopped there): interpolate within [a, b].
    const t = (targetPgr - a.pgr) / (b.pgr - a.pgr);
    return a.strongCallRate + t * (b.strongCallRate - a.strongCallRate);
  }
  return NaN;
}

/** The RouteLLM summary of one router's curve. */
export interface CurveMetrics {
  readonly apgr: number;
  readonly cpt50: number;
  readonly cpt80: number;
}

export function curveMetrics(points: readonly CallPgrPoint[]): CurveMetrics {
  const ps = sortedPoints(points);
  return { apgr: apgrSorted(ps), cpt50: cptSorted(ps, 0.5), cpt80: cptSorted(ps, 0.8) };
}
