import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { headroomFraction, usageLoad } from './load-metrics.js';
import { RoundRobinPicker } from './pickers/round-robin-picker.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const usageBasedParamsSchema = z.strictObject({});
export type UsageBasedParams = z.output<typeof usageBasedParamsSchema>;

/**
 * Most headroom against rate limits (LiteLLM usage-based): headroom = min over rpm and tpm of
 * (limit − minute usage) / limit, 1 without limits; the largest wins. Equal headroom (e.g.
 * no limits anywhere) goes round robin rather than always to the first deployment.
 */
export class UsageBasedStrategy implements Strategy {
  readonly name = 'usage-based';
  private readonly picker = new RoundRobinPicker();

  pick(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    return this.picker.pickMin(untriedOrAll(candidates, ctx), req, usageLoad);
  }

  /** Headroom fraction per candidate (higher is better). */
  explain(_req: RouteRequest, candidates: readonly Candidate[]): Record<string, number> {
    const scores: Record<string, number> = {};
    for (const c of candidates) scores[c.deployment.id] = headroomFraction(c);
    return scores;
  }
}

export const usageBasedStrategy: StrategyDefinition<UsageBasedParams> = {
  name: 'usage-based',
  description: 'Most headroom against rpm/tpm limits this minute; ties round robin',
  paramsSchema: usageBasedParamsSchema,
  perPick: { cost: 'O(N)', why: "an argmin over usage against limits, which change with the clock's minute" },
  create: () => new UsageBasedStrategy(),
};
