import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { createWeightOf, unknownWeightKeys, weightsParam } from './deployment-weights.js';
import type { CandidateWeight } from './pickers/picker-types.js';
import { WeightedDraw } from './pickers/weighted-draw.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const weightedRandomParamsSchema = z.strictObject({ weights: weightsParam });
export type WeightedRandomParams = z.output<typeof weightedRandomParamsSchema>;

/** LiteLLM simple-shuffle: random with probability ∝ weight. */
export class WeightedRandomStrategy implements Strategy {
  readonly name = 'weighted-random';
  private readonly weightOf: CandidateWeight;
  private readonly draw: WeightedDraw;

  constructor(params: WeightedRandomParams) {
    this.weightOf = createWeightOf(params.weights);
    this.draw = new WeightedDraw(this.weightOf);
  }

  pick(_req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    return this.draw.pick(untriedOrAll(candidates, ctx), ctx.rng);
  }

  /** Each candidate's pick probability. */
  explain(_req: RouteRequest, candidates: readonly Candidate[]): Record<string, number> {
    let total = 0;
    for (const c of candidates) total += this.weightOf(c);
    const scores: Record<string, number> = {};
    for (const c of candidates) scores[c.deployment.id] = this.weightOf(c) / total;
    return scores;
  }
}

export const weightedRandomStrategy: StrategyDefinition<WeightedRandomParams> = {
  name: 'weighted-random',
  description: 'Random with probability proportional to weight (LiteLLM simple-shuffle)',
  paramsSchema: weightedRandomParamsSchema,
  perPick: { cost: 'O(log N)', why: "a binary search over the pool's cumulative weights (computed once per pool); a retry's pool is scanned" },
  paramWarnings: (params, env) => unknownWeightKeys(params.weights, env),
  create: (params) => new WeightedRandomStrategy(params),
};
