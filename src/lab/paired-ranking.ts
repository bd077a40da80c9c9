/**
 * Ranks that never claim more than the data shows. Strategies are compared pair by pair on
 * common-random-number replications with a paired 95% interval per metric.
 *
 * The rule is the lexicographic one (availability floor, then each ranking metric in turn) with
 * ties made honest: strategies below the availability floor come after every strategy that meets
 * it (failing is no way to be cheap or fast). Then, on the first metric, the strategies no other
 * one beats significantly form the first tie group (none of them beats another, so they are
 * pairwise indistinguishable), the unbeaten among the rest the second, and so on: a strategy
 * significantly better on the metric always lands in an earlier group. Each group is split the
 * same way on the next metric. Strategies still together after the last metric are
 * indistinguishable on every metric: they share a rank (competition ranking: a group of 3 at
 * rank 1, the next at rank 4) and are shown as one group.
 *
 * Paired significance is not transitive (a ≈ b and b ≈ c while a beats c), so no order can
 * agree with every pair on later metrics; the rule keeps every first-metric verdict and every
 * verdict within a tie group.
 */
import type { MetricName } from './compare-summary.js';
import { pairedDiff, rankLexicographic, type Better } from './statistics.js';

export interface RankingInput {
  readonly names: readonly string[];
  /** Per strategy, per metric, the replication values (replication order, same length for all). */
  readonly values: readonly Readonly<Record<MetricName, readonly number[]>>[];
  /** Per strategy: success rate at or above the availability floor. */
  readonly meetsFloor: readonly boolean[];
  /**
   * Per strategy: a ground-truth bound (oracle), not a choice. Bounds take no part in forming tie
   * groups (they would chain deployable strategies together or apart); each is placed alone
   * before the first group it beats on lexicographic means. Default: none.
   */
  readonly bound?: readonly boolean[];
  /** Ranking metrics, most important first. */
  readonly dims: readonly (readonly [MetricName, Better])[];
  readonly level?: number;
}

export interface PairedRanking {
  /** Per strategy (input order): competition rank, shared within a group. */
  readonly ranks: number[];
  /** Groups of strategy names, best first; each group is indistinguishable at the level. */
  readonly groups: string[][];
}

/** Whether the paired test separates strategies a and b on this metric. */
export function separated(input: RankingInput, metric: MetricName, a: number, b: number): boolean {
  // A sequential comparison stops strategies at different counts: pair the replications both have.
  const x = input.values[a][metric], y = input.values[b][metric];
  const k = Math.min(x.length, y.length);
  return pairedDiff(x.slice(0, k), y.slice(0, k), input.level ?? 0.95).significant;
}

export function rankPaired(input: RankingInput): PairedRanking {
  const n = input.names.length;
  const means = input.values.map((v, i) => [input.meetsFloor[i] ? 1 : 0, ...input.dims.map(([m]) => meanOf(v[m]))]);
  const byMeans = rankLexicographic(means, ['higher', ...input.dims.map(([, b]) => b)]);
  const all = [...Array(n).keys()].sort((a, b) => byMeans[a] - byMeans[b] || compareText(input.names[a], input.names[b]));
  const isBound = (i: number) => input.bound?.[i] === true;
  const choices = all.filter((i) => !isBound(i));
  const floorGroups = [choices.filter((i) => input.meetsFloor[i]), choices.filter((i) => !input.meetsFloor[i])].filter((g) => g.length > 0);
  const groups = floorGroups.flatMap((g) => split(input, g, 0));
  for (const b of all.filter(isBound)) {
    const at = groups.findIndex((g) => byMeans[b] < byMeans[g[0]]);
    groups.splice(at < 0 ? groups.length : at, 0, [b]);
  }

  const ranks = new Array<number>(n).fill(0);
  let before = 0;
  for (const g of groups) {
    for (const i of g) ranks[i] = before + 1;
    before += g.length;
  }
  return { ranks, groups: groups.map((g) => g.map((i) => input.names[i])) };
}

/** Splits a tie group on metric `level` and below; `members` is in lexicographic-means order. */
function split(input: RankingInput, members: readonly number[], level: number): number[][] {
  if (level >= input.dims.length || members.length < 2) return [[...members]];
  const [metric, better] = input.dims[level];
  const mean = (i: number) => goodness(meanOf(input.values[i][metric]), better);
  const beats = (a: number, b: number) => separated(input, metric, a, b) && mean(a) > mean(b);
  const ties: number[][] = [];
  let left = [...members];
  while (left.length > 0) {
    // Never empty: the best mean among those left is beaten by nobody left.
    const unbeaten = left.filter((i) => !left.some((j) => beats(j, i)));
    ties.push(unbeaten);
    left = left.filter((i) => !unbeaten.includes(i));
  }
  return ties.flatMap((t) => split(input, t, level + 1));
}

/** Bigger is better; NaN and ±Infinity are the worst (as in pareto.ts). */
function goodness(v: number, better: Better): number {
  if (!Number.isFinite(v)) return -Number.MAX_VALUE;
  return better === 'higher' ? v : -v;
}

function meanOf(xs: readonly number[]): number {
  const ok = xs.filter((x) => Number.isFinite(x));
  return ok.length === 0 ? NaN : ok.reduce((a, b) => a + b, 0) / ok.length;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
