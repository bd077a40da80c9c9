import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { createWeightOf, unknownWeightKeys, weightsParam } from './deployment-weights.js';
import type { CandidateWeight } from './pickers/picker-types.js';
import { SmoothWeightedPicker } from './pickers/smooth-weighted-picker.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const weightedRoundRobinParamsSchema = z.strictObject({ weights: weightsParam });
export type WeightedRoundRobinParams = z.output<typeof weightedRoundRobinParamsSchema>;

/**
 * nginx smooth weighted round robin over deployment.weight (or the `weights` overrides).
 * The seed expanded weights into a list ([A,A,A,B,B,C]) and indexed it with a counter that
 * kept running when the list changed; smooth WRR interleaves and needs no list.
 */
export class WeightedRoundRobinStrategy implements Strategy {
  readonly name = 'weighted-round-robin';
  private readonly picker = new SmoothWeightedPicker({ staticWeights: true });
  private readonly weightOf: CandidateWeight;

  constructor(params: WeightedRoundRobinParams) {
    this.weightOf = createWeightOf(params.weights);
  }

  pick(_req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    return this.picker.pick(untriedOrAll(candidates, ctx), this.weightOf);
  }

  /** Each candidate's current smooth weight (the largest after adding its weight goes next). */
  explain(_req: RouteRequest, candidates: readonly Candidate[]): Record<string, number> {
    const scores: Record<string, number> = {};
    for (const c of candidates) scores[c.deployment.id] = this.picker.currentWeight(c.deployment.id);
    return scores;
  }
}

export const weightedRoundRobinStrategy: StrategyDefinition<WeightedRoundRobinParams> = {
  name: 'weighted-round-robin',
  description: 'nginx smooth weighted round robin: exact weight proportions every cycle, interleaved',
  paramsSchema: weightedRoundRobinParamsSchema,
  perPick: { cost: 'O(log N)', why: "O(K + log N) for K distinct weights: per pool array seen twice, a heap per weight keeps the lazy current weights, and a retry's pool (that array less the tried) is answered from it in O(K + tried × log N); non-integer weights, other lists and adaptive's changing weights are scanned" },
  paramWarnings: (params, env) => unknownWeightKeys(params.weights, env),
  create: (params) => new WeightedRoundRobinStrategy(params),
};
