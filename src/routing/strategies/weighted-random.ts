import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { createWeightOf, unknownWeightKeys, weightsParam } from './deployment-weights.js';
import type { CandidateWeight } from './pickers/picker-types.js';
import { pickWeightedRandom } from './pickers/random-picker.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const weightedRandomParamsSchema = z.strictObject({ weights: weightsParam });
export type WeightedRandomParams = z.output<typeof weightedRandomParamsSchema>;

/** LiteLLM simple-shuffle: random with probability ∝ weight. */
export class WeightedRandomStrategy implements Strategy {
  readonly name = 'weighted-random';
  private readonly weightOf: CandidateWeight;

  constructor(params: WeightedRandomParams) {
    this.weightOf = createWeightOf(params.weights);
  }

  pick(_req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    return pickWeightedRandom(untriedOrAll(candidates, ctx), ctx.rng, this.weightOf);
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
  perPick: { cost: 'O(N)', why: 'a scan of cumulative weights' },
  paramWarnings: (params, env) => unknownWeightKeys(params.weights, env),
  create: (params) => new WeightedRandomStrategy(params),
};
