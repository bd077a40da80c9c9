import { strongScoreOf, weakScoreOf } from '../../routing/quality-truth.js';
import type { RequestQuality } from '../../routing/types.js';
import { curveMetrics, type CallPgrPoint, type CurveMetrics } from './curve-metrics.js';
import { pgrOf } from '../../metrics/quality-tally.js';

/**
 * The two reference routers of RouteLLM's evaluation, computed exactly from the data (every
 * prompt once, no simulation):
 * - random: calls the strong model with probability p. Its expected score is
 *   (1 − p)·r_weak + p·r_strong, so PGR(p) = p, APGR = 1/2 and CPT(x) = x exactly.
 * - oracle ("optimal" in routellm/evals/benchmarks.py, `get_optimal_accuracy`): with a budget
 *   of a fraction c of strong calls it spends them on the prompts where the strong model gains
 *   most over the weak one (binary benchmarks: weak wrong and strong right), never where it
 *   does not gain. Its score is piecewise linear in c with breakpoints at k/N and flat once the
 *   gains run out; fractional calls interpolate, as RouteLLM's binary version does. PGR can
 *   exceed 1: the oracle also avoids the prompts the strong model gets wrong and the weak right.
 */

export interface DataScores {
  readonly prompts: number;
  readonly strongScore: number;
  readonly weakScore: number;
  /** Fraction of prompts where strong does strictly better / strictly worse than weak. */
  readonly strongWinRate: number;
  readonly weakWinRate: number;
}

export function dataScores(records: readonly RequestQuality[]): DataScores {
  let s = 0;
  let w = 0;
  let wins = 0;
  let losses = 0;
  for (const q of records) {
    const a = strongScoreOf(q);
    const b = weakScoreOf(q);
    s += a;
    w += b;
    if (a > b) wins++;
    else if (a < b) losses++;
  }
  const n = records.length;
  return { prompts: n, strongScore: s / n, weakScore: w / n, strongWinRate: wins / n, weakWinRate: losses / n };
}

/** A point of a reference curve: call rate, expected score, PGR. */
export interface ReferencePoint extends CallPgrPoint {
  readonly score: number;
}

export interface ReferenceRouter extends CurveMetrics {
  readonly name: 'random' | 'oracle';
  /** Exact curve: every breakpoint of the piecewise-linear score-vs-call-rate function. */
  readonly curve: readonly ReferencePoint[];
}

function pgr(score: number, d: DataScores): number {
  return pgrOf(score, d.weakScore, d.strongScore);
}

/** `d`: the records' dataScores, when the caller has them already. */
export function randomRouter(records: readonly RequestQuality[], d: DataScores = dataScores(records)): ReferenceRouter {
  const curve = [0, 1].map((p) => {
    const score = (1 - p) * d.weakScore + p * d.strongScore;
    return { strongCallRate: p, score, pgr: pgr(score, d) };
  });
  return { name: 'random', curve, ...curveMetrics(curve) };
}

export function oracleRouter(records: readonly RequestQuality[], d: DataScores = dataScores(records)): ReferenceRouter {
  const n = records.length;
  const gains = records
    .map((q) => strongScoreOf(q) - weakScoreOf(q))
    .filter((g) => g > 0)
    .sort((a, b) => b - a);
  const curve: ReferencePoint[] = [{ strongCallRate: 0, score: d.weakScore, pgr: 0 }];
  let gained = 0;
  gains.forEach((g, k) => {
    gained += g;
    const score = d.weakScore + gained / n;
    curve.push({ strongCallRate: (k + 1) / n, score, pgr: pgr(score, d) });
  });
  const last = curve[curve.length - 1];
  if (last.strongCallRate < 1) curve.push({ strongCallRate: 1, score: last.score, pgr: last.pgr });
  return { name: 'oracle', curve: thinCollinear(curve), ...curveMetrics(curve) };
}

/**
 * Drops interior points lying on the straight line through their neighbours (binary data:
 * thousands of equal gains make one segment). Metrics are computed on the full curve; this
 * only keeps summaries and charts small.
 */
function thinCollinear(curve: readonly ReferencePoint[]): ReferencePoint[] {
  const out: ReferencePoint[] = [];
  for (let i = 0; i < curve.length; i++) {
    if (i > 0 && i < curve.length - 1) {
      const a = out[out.length - 1];
      const b = curve[i];
      const c = curve[i + 1];
      const cross = (b.strongCallRate - a.strongCallRate) * (c.score - a.score) - (b.score - a.score) * (c.strongCallRate - a.strongCallRate);
      if (Math.abs(cross) < 1e-12) continue;
    }
    out.push(curve[i]);
  }
  return out;
}
