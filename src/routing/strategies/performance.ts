import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { scoreAll } from './load-metrics.js';
import { pickUniform } from './pickers/random-picker.js';
import { IndexedMinPicker } from './pickers/indexed-min-picker.js';
import type { StrategyDefinition } from './strategy-definition.js';

/**
 * Performance-based routing (the seed's PerformanceBasedRouter): highest
 * wSuccess × successRate + wLatency × (1 − min(meanLatencyMs, capMs)/capMs) + performanceBonus
 * over the router's sliding window (its `historySize`, newest kept). Ties go to the earliest
 * deployment.
 *
 * A deployment without data in the window scores `priorScore` + performanceBonus. The
 * default prior 0.5 is the seed's neutral value: a known-good deployment (score ≈ 0.9) then
 * keeps all traffic and untested ones are never sampled; set priorScore to 1 (optimism in the
 * face of uncertainty) to have every new deployment tried before the router settles.
 *
 * Exploration: a score only changes when the deployment gets traffic, so pure greed starves a
 * deployment that recovers after an incident forever (its window still holds the failures).
 * With probability `explorationRate` a pick goes to a uniformly random candidate instead
 * (ε-greedy), which keeps every window fresh. 0 gives the seed's pure behaviour; the default
 * 0.1 wins a recovered provider back within minutes (test/performance-recovery.test.ts).
 */
export const performanceParamsSchema = z.strictObject({
  wSuccess: z
    .number()
    .finite()
    .nonnegative()
    .default(0.6)
    .describe('Weight of the window success rate (0..1 term)'),
  wLatency: z
    .number()
    .finite()
    .nonnegative()
    .default(0.4)
    .describe('Weight of the latency term 1 − min(meanLatencyMs, capMs)/capMs'),
  capMs: z
    .number()
    .finite()
    .positive()
    .default(10_000)
    .describe('Mean latency at or above which the latency term is 0, ms'),
  priorScore: z
    .number()
    .finite()
    .default(0.5)
    .describe('Score (before performanceBonus) of a deployment with no outcomes in the window'),
  explorationRate: z
    .number()
    .finite()
    .min(0)
    .max(1)
    .default(0.1)
    .describe('Probability that a pick explores a uniformly random candidate (keeps scores of recovered deployments fresh)'),
});
export type PerformanceParams = z.output<typeof performanceParamsSchema>;

/** The score (it needs no request: a function of the deployment's window stats only). */
export function performanceScore(params: PerformanceParams): (c: Candidate) => number {
  const { wSuccess, wLatency, capMs, priorScore } = params;
  return (c) => {
    const { windowCount, windowSuccessRate, windowMeanLatencyMs } = c.stats;
    const bonus = c.deployment.performanceBonus;
    if (windowCount === 0 || Number.isNaN(windowSuccessRate) || Number.isNaN(windowMeanLatencyMs)) {
      return priorScore + bonus;
    }
    const latencyTerm = 1 - Math.min(windowMeanLatencyMs, capMs) / capMs;
    return wSuccess * windowSuccessRate + wLatency * latencyTerm + bonus;
  };
}

export class PerformanceStrategy implements Strategy {
  readonly name = 'performance';
  private readonly score: (c: Candidate) => number;
  private readonly explorationRate: number;
  /** Highest score first: the index orders by the negated score, ties in list order (pickMaxByScore's). */
  private readonly best: IndexedMinPicker;

  constructor(params: PerformanceParams) {
    this.score = performanceScore(params);
    this.explorationRate = params.explorationRate;
    const score = this.score;
    this.best = new IndexedMinPicker((c) => -score(c), 'list-order');
  }

  pick(_req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const pool = untriedOrAll(candidates, ctx);
    if (this.explorationRate > 0 && ctx.rng.next() < this.explorationRate) return pickUniform(pool, ctx.rng);
    return this.best.pick(pool);
  }

  explain(req: RouteRequest, candidates: readonly Candidate[]): Record<string, number> {
    return scoreAll(candidates, req, this.score);
  }
}

export const performanceStrategy: StrategyDefinition<PerformanceParams> = {
  name: 'performance',
  description: 'Highest score of window success rate and mean latency (plus performanceBonus); ties by deployment order',
  paramsSchema: performanceParamsSchema,
  perPick: { cost: 'O(log N)', why: "a heap of the pool by score, re-sifted as each deployment's window takes a finished attempt; an exploring pick is O(1); lists other than the pool or a retry's cut of it are scanned" },
  create: (params) => new PerformanceStrategy(params),
};
