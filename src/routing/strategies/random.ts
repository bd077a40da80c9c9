import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { pickUniform } from './pickers/random-picker.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const randomParamsSchema = z.strictObject({});
export type RandomParams = z.output<typeof randomParamsSchema>;

/** Uniformly random candidate: the baseline every load-aware strategy must beat. */
export class RandomStrategy implements Strategy {
  readonly name = 'random';

  pick(_req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    return pickUniform(untriedOrAll(candidates, ctx), ctx.rng);
  }

  /** Each candidate's pick probability. */
  explain(_req: RouteRequest, candidates: readonly Candidate[]): Record<string, number> {
    const scores: Record<string, number> = {};
    for (const c of candidates) scores[c.deployment.id] = 1 / candidates.length;
    return scores;
  }
}

export const randomStrategy: StrategyDefinition<RandomParams> = {
  name: 'random',
  description: 'Uniformly random candidate',
  paramsSchema: randomParamsSchema,
  perPick: { cost: 'O(1)', why: 'one uniform draw' },
  create: () => new RandomStrategy(),
};
