import { z } from 'zod';
import { QUALITY_RANK, type Candidate, type PickContext, type RouteRequest, type Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { requestCostLoad, scoreAll } from './load-metrics.js';
import type { CandidateFilter, LoadMetric } from './pickers/picker-types.js';
import { pickMinByScore } from './pickers/score-picker.js';
import { PricePoints } from './pickers/price-groups.js';
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
  /** The router's pool array seen twice in a row at one health version, reduced to its price points and health levels. */
  private readonly pricePoints = new PricePoints(true);

  constructor(params: CheapestHealthyParams) {
    this.costOf = requestCostLoad(params.tokensPerWord);
    this.respectTier = params.respectQualityTier;
  }

  pricesChanged(): void {
    this.pricePoints.pricesChanged();
  }

  pick(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const pool = this.pricePoints.scanned(untriedOrAll(candidates, ctx), ctx.healthVersion);
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
  perPick: { cost: 'O(P)', why: "P = the pool's distinct (price point, health level) pairs: an argmin of this request's estimated price over one deployment per pair, kept per pool array and health version (a retry's pool is scanned whole)" },
  create: (params) => new CheapestHealthyStrategy(params),
};
