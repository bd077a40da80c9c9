import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { createWeightOf, unknownWeightKeys, weightsParam } from './deployment-weights.js';
import type { CandidateFilter, CandidateWeight } from './pickers/picker-types.js';
import { pickWeightedRandom } from './pickers/random-picker.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const priorityParamsSchema = z.strictObject({ weights: weightsParam });
export type PriorityParams = z.output<typeof priorityParamsSchema>;

/**
 * Envoy-style priority levels: the lowest deployment.priority that still has an untried
 * candidate takes the request, weighted random within the level. A failed attempt marks its
 * deployment tried, so failover walks to the rest of the level and then to the next level.
 * Excluded deployments never reach the strategy, so an unhealthy level spills over as well.
 */
export class PriorityStrategy implements Strategy {
  readonly name = 'priority';
  private readonly weightOf: CandidateWeight;
  private level = 0;
  private readonly inLevel: CandidateFilter = (c) => c.deployment.priority === this.level;

  constructor(params: PriorityParams) {
    this.weightOf = createWeightOf(params.weights);
  }

  pick(_req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const pool = untriedOrAll(candidates, ctx);
    if (pool.length === 0) return undefined;
    let level = Infinity;
    for (const c of pool) if (c.deployment.priority < level) level = c.deployment.priority;
    this.level = level;
    return pickWeightedRandom(pool, ctx.rng, this.weightOf, this.inLevel);
  }

  /** The priority level of each candidate (lowest is tried first). */
  explain(_req: RouteRequest, candidates: readonly Candidate[]): Record<string, number> {
    const scores: Record<string, number> = {};
    for (const c of candidates) scores[c.deployment.id] = c.deployment.priority;
    return scores;
  }
}

export const priorityStrategy: StrategyDefinition<PriorityParams> = {
  name: 'priority',
  description: 'Lowest priority level with untried candidates, weighted random within it (Envoy priorities)',
  paramsSchema: priorityParamsSchema,
  perPick: { cost: 'O(N)', why: 'finds the lowest level, then a scan of cumulative weights within it' },
  paramWarnings: (params, env) => unknownWeightKeys(params.weights, env),
  create: (params) => new PriorityStrategy(params),
};
