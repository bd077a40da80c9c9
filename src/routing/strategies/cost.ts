import { z } from 'zod';
import {
  QUALITY_RANK,
  type Candidate,
  type PickContext,
  type RouteRequest,
  type Strategy,
} from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { requestCostLoad, scoreAll } from './load-metrics.js';
import type { LoadMetric } from './pickers/picker-types.js';
import { pickMinByScore } from './pickers/score-picker.js';
import { PricePoints } from './pickers/price-groups.js';
import type { StrategyDefinition } from './strategy-definition.js';
import { tokensPerWordParam } from './request-cost.js';

/**
 * Cost-based routing, the seed's CostBasedRouter done right. Fixed relative to the seed:
 * - quality is a rank, not an exact-match list: a deployment qualifies when its tier rank is
 *   ≥ the request's (a 'low' request may use a 'medium' model; the seed forbade it);
 * - prices are per million tokens on input AND expected output (the seed applied a per-1k
 *   price to prompt tokens only), times the deployment's costMultiplier, using the known
 *   inputTokens and estimating from the prompt's words only when they are unknown;
 * - the fallback keeps quality: cheapest qualifying deployment over budget before any
 *   lower-tier one (the seed fell straight back to the cheapest model of any quality);
 * - ties go to the earliest deployment (deterministic), never to dict iteration order.
 *
 * Note that with quality kept (the default), the budget cannot change the pick: whenever a
 * qualifying deployment fits the budget, the cheapest qualifying one does. `overBudget:
 * 'downgrade'` makes the budget binding instead: when no qualifying deployment fits, take the
 * highest tier that does fit (cheapest within it), and only then the cheapest qualifying one.
 */
export const costParamsSchema = z.strictObject({
  tokensPerWord: tokensPerWordParam,
  overBudget: z
    .enum(['keep-quality', 'downgrade'])
    .default('keep-quality')
    .describe(
      "When no deployment of the requested tier fits budgetUsd: 'keep-quality' takes the cheapest qualifying one anyway; 'downgrade' first tries the highest lower tier that fits",
    ),
});
export type CostParams = z.output<typeof costParamsSchema>;

export class CostStrategy implements Strategy {
  readonly name = 'cost';
  private readonly costOf: LoadMetric;
  private tier = 0;
  private budgetUsd = Infinity;
  private request: RouteRequest | undefined;
  private readonly qualifies = (c: Candidate): boolean =>
    QUALITY_RANK[c.deployment.qualityTier] >= this.tier;
  private readonly qualifiesWithinBudget = (c: Candidate): boolean =>
    this.qualifies(c) && this.costOf(c, this.request as RouteRequest) <= this.budgetUsd;

  /** The router's pool array seen twice in a row (one per health state), reduced to its price points. */
  private readonly pricePoints = new PricePoints(false);

  constructor(private readonly params: CostParams) {
    this.costOf = requestCostLoad(params.tokensPerWord);
  }

  pricesChanged(): void {
    this.pricePoints.pricesChanged();
  }

  pick(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const pool = this.pricePoints.scanned(untriedOrAll(candidates, ctx));
    // Bound predicates read these fields, so no closure is allocated per pick.
    this.tier = QUALITY_RANK[req.qualityTier];
    this.budgetUsd = req.budgetUsd ?? Infinity;
    this.request = req;
    const pick =
      pickMinByScore(pool, req, this.costOf, this.qualifiesWithinBudget) ??
      (this.params.overBudget === 'downgrade' ? this.bestTierWithinBudget(req, pool) : undefined) ??
      pickMinByScore(pool, req, this.costOf, this.qualifies) ??
      pickMinByScore(pool, req, this.costOf);
    this.request = undefined;
    return pick;
  }

  /** Cheapest deployment of the highest tier that has one within budget (downgrade mode). */
  private bestTierWithinBudget(req: RouteRequest, pool: readonly Candidate[]): Candidate | undefined {
    let best: Candidate | undefined;
    let bestRank = -1;
    let bestCostUsd = Infinity;
    for (const c of pool) {
      const costUsd = this.costOf(c, req);
      if (costUsd > this.budgetUsd) continue;
      const rank = QUALITY_RANK[c.deployment.qualityTier];
      if (rank > bestRank || (rank === bestRank && costUsd < bestCostUsd)) {
        best = c;
        bestRank = rank;
        bestCostUsd = costUsd;
      }
    }
    return best;
  }

  explain(req: RouteRequest, candidates: readonly Candidate[]): Record<string, number> {
    return scoreAll(candidates, req, this.costOf);
  }
}

export const costStrategy: StrategyDefinition<CostParams> = {
  name: 'cost',
  description:
    'Cheapest deployment of at least the requested quality tier within the request budget (estimated USD for input + expected output)',
  paramsSchema: costParamsSchema,
  perPick: { cost: 'O(P)', why: "P = the pool's distinct price points (price, multiplier, tier): an argmin of this request's estimated price over one deployment per price point, kept per pool array (a retry's pool is scanned whole)" },
  create: (params) => new CostStrategy(params),
};
