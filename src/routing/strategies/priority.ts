import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { createWeightOf, unknownWeightKeys, weightsParam } from './deployment-weights.js';
import type { CandidateFilter, CandidateWeight } from './pickers/picker-types.js';
import { pickWeightedRandom } from './pickers/random-picker.js';
import { PoolRepeat } from './pickers/pool-repeat.js';
import { WeightedDraw } from './pickers/weighted-draw.js';
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
  /**
   * The router's pool array seen twice (it hands out one never-mutated array per health state)
   * keeps its lowest level's members, in pool order, and draws among them by binary search:
   * the same draw, the same candidate as the filtered scan, without a pass over the pool.
   */
  private pool: readonly Candidate[] | undefined;
  private readonly repeat = new PoolRepeat();
  private levelMembers: readonly Candidate[] = [];
  private readonly draw: WeightedDraw;

  constructor(params: PriorityParams) {
    this.weightOf = createWeightOf(params.weights);
    this.draw = new WeightedDraw(this.weightOf);
  }

  pick(_req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const pool = untriedOrAll(candidates, ctx);
    if (pool.length === 0) return undefined;
    if (pool === this.pool) return this.draw.pick(this.levelMembers, ctx.rng);
    let level = Infinity;
    for (const c of pool) if (c.deployment.priority < level) level = c.deployment.priority;
    this.level = level;
    if (!this.repeat.secondTime(pool)) return pickWeightedRandom(pool, ctx.rng, this.weightOf, this.inLevel);
    this.pool = pool;
    this.levelMembers = pool.filter(this.inLevel);
    return this.draw.pick(this.levelMembers, ctx.rng);
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
  perPick: { cost: 'O(log N)', why: "the pool's lowest level and its members are kept per pool array, then a binary search over their cumulative weights; a retry's pool is scanned" },
  paramWarnings: (params, env) => unknownWeightKeys(params.weights, env),
  create: (params) => new PriorityStrategy(params),
};
