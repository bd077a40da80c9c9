import { z } from 'zod';
import { QUALITY_RANK, type Candidate, type PickContext, type RouteRequest, type Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { requestCostLoad, scoreAll } from './load-metrics.js';
import type { CandidateFilter, LoadMetric } from './pickers/picker-types.js';
import { pickMinByScore } from './pickers/score-picker.js';
import type { StrategyDefinition } from './strategy-definition.js';
import { tokensPerWordParam } from './request-cost.js';

export const cheapestHealthyParamsSchema = z.strictObject({
  tokensPerWord: tokensPerWordParam,
  respectQualityTier: z
    .boolean()
    .default(true)
    .describe("Only models whose quality tier is at least the request's, while any is available"),
});
export type CheapestHealthyParams = z.output<typeof cheapestHealthyParamsSchema>;

const isHealthy: CandidateFilter = (c) => c.health === 'healthy';

/**
 * Cheapest estimated request among 'healthy' candidates of sufficient quality tier; then
 * among any of sufficient tier; then healthy; then all. Ties by order.
 */
export class CheapestHealthyStrategy implements Strategy {
  readonly name = 'cheapest-healthy';
  private readonly costOf: LoadMetric;

  private readonly respectTier: boolean;

  constructor(params: CheapestHealthyParams) {
    this.costOf = requestCostLoad(params.tokensPerWord);
    this.respectTier = params.respectQualityTier;
  }

  pick(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const pool = untriedOrAll(candidates, ctx);
    if (this.respectTier) {
      const need = QUALITY_RANK[req.qualityTier];
      const good: CandidateFilter = (c) => QUALITY_RANK[c.deployment.qualityTier] >= need;
      const goodAndHealthy: CandidateFilter = (c) => good(c) && isHealthy(c);
      const pick = pickMinByScore(pool, req, this.costOf, goodAndHealthy) ?? pickMinByScore(pool, req, this.costOf, good);
      if (pick !== undefined) return pick;
    }
    return pickMinByScore(pool, req, this.costOf, isHealthy) ?? pickMinByScore(pool, req, this.costOf);
  }

  explain(req: RouteRequest, candidates: readonly Candidate[]): Record<string, number> {
    return scoreAll(candidates, req, this.costOf);
  }
}

export const cheapestHealthyStrategy: StrategyDefinition<CheapestHealthyParams> = {
  name: 'cheapest-healthy',
  description: "Cheapest estimated request cost among 'healthy' candidates of the request's quality tier or better",
  paramsSchema: cheapestHealthyParamsSchema,
  perPick: { cost: 'O(N)', why: "an argmin of this request's estimated price" },
  create: (params) => new CheapestHealthyStrategy(params),
};
