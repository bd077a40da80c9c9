import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { inFlightLoad, scoreAll } from './load-metrics.js';
import { pickTwoChoices } from './pickers/two-choices-picker.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const p2cParamsSchema = z.strictObject({});
export type P2cParams = z.output<typeof p2cParamsSchema>;

/** Envoy least-request: two distinct random candidates, fewer in-flight wins, tie → coin flip. */
export class P2cStrategy implements Strategy {
  readonly name = 'p2c';

  pick(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    return pickTwoChoices(untriedOrAll(candidates, ctx), req, ctx.rng, inFlightLoad);
  }

  explain(req: RouteRequest, candidates: readonly Candidate[]): Record<string, number> {
    return scoreAll(candidates, req, inFlightLoad);
  }
}

export const p2cStrategy: StrategyDefinition<P2cParams> = {
  name: 'p2c',
  description: 'Power of two choices on in-flight requests (Envoy least-request)',
  paramsSchema: p2cParamsSchema,
  perPick: { cost: 'O(1)', why: 'two draws' },
  create: () => new P2cStrategy(),
};
