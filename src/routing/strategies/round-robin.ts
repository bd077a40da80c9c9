import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { RoundRobinPicker } from './pickers/round-robin-picker.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const roundRobinParamsSchema = z.strictObject({});
export type RoundRobinParams = z.output<typeof roundRobinParamsSchema>;

/** Plain round robin over the current candidates (least recently picked first). */
export class RoundRobinStrategy implements Strategy {
  readonly name = 'round-robin';
  private readonly picker = new RoundRobinPicker();

  pick(_req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    return this.picker.pick(untriedOrAll(candidates, ctx));
  }

  /** Sequence number of each candidate's last pick (-1 = never); the lowest goes next. */
  explain(_req: RouteRequest, candidates: readonly Candidate[]): Record<string, number> {
    const scores: Record<string, number> = {};
    for (const c of candidates) scores[c.deployment.id] = this.picker.lastPicked(c.deployment.id);
    return scores;
  }
}

export const roundRobinStrategy: StrategyDefinition<RoundRobinParams> = {
  name: 'round-robin',
  description: 'Each candidate in turn; fair within ±1 and never starves a deployment when the set changes',
  paramsSchema: roundRobinParamsSchema,
  perPick: { cost: 'O(1)', why: "an indexed pick order over the router's pool" },
  create: () => new RoundRobinStrategy(),
};
