import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { requestCostLoad, scoreAll } from './load-metrics.js';
import type { CandidateFilter, LoadMetric } from './pickers/picker-types.js';
import { pickMinByScore } from './pickers/score-picker.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const cheapestHealthyParamsSchema = z.strictObject({
  tokensPerWord: z
    .number()
    .finite()
    .positive()
    .default(1.3)
    .describe('Prompt tokens per word when the request carries only promptText (inputTokens = 0)'),
});
export type CheapestHealthyParams = z.output<typeof cheapestHealthyParamsSchema>;

const isHealthy: CandidateFilter = (c) => c.health === 'healthy';

/** Cheapest estimated request among 'healthy' candidates, else among all; ties by order. */
export class CheapestHealthyStrategy implements Strategy {
  readonly name = 'cheapest-healthy';
  private readonly costOf: LoadMetric;

  constructor(params: CheapestHealthyParams) {
    this.costOf = requestCostLoad(params.tokensPerWord);
  }

  pick(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const pool = untriedOrAll(candidates, ctx.tried);
    return pickMinByScore(pool, req, this.costOf, isHealthy) ?? pickMinByScore(pool, req, this.costOf);
  }

  explain(req: RouteRequest, candidates: readonly Candidate[]): Record<string, number> {
    return scoreAll(candidates, req, this.costOf);
  }
}

export const cheapestHealthyStrategy: StrategyDefinition<CheapestHealthyParams> = {
  name: 'cheapest-healthy',
  description: "Cheapest estimated request cost among 'healthy' candidates, else among all (quality ignored)",
  paramsSchema: cheapestHealthyParamsSchema,
  create: (params) => new CheapestHealthyStrategy(params),
};
