import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { msPerOutputTokenLoad, scoreAll } from './load-metrics.js';
import type { CandidateFilter } from './pickers/picker-types.js';
import { pickUniform } from './pickers/random-picker.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const latencyBasedParamsSchema = z.strictObject({
  buffer: z
    .number()
    .finite()
    .nonnegative()
    .default(0.1)
    .describe('Deployments within (1 + buffer) × the lowest ms per output token are all eligible'),
});
export type LatencyBasedParams = z.output<typeof latencyBasedParamsSchema>;

/**
 * LiteLLM latency-based routing: eligible = candidates whose msPerOutputToken is within
 * (1 + buffer) × the lowest, plus those without data (so they get sampled); uniform random
 * among them. The buffer spreads load over near-equal deployments instead of herding onto
 * whichever was fastest last.
 */
export class LatencyBasedStrategy implements Strategy {
  readonly name = 'latency-based';
  private thresholdMs = Infinity;
  private readonly eligible: CandidateFilter = (c) => {
    const ms = c.stats.msPerOutputToken;
    return Number.isNaN(ms) || ms <= this.thresholdMs;
  };

  constructor(private readonly params: LatencyBasedParams) {}

  pick(_req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const pool = untriedOrAll(candidates, ctx);
    let lowestMs = Infinity;
    for (const c of pool) {
      const ms = c.stats.msPerOutputToken;
      if (ms < lowestMs) lowestMs = ms; // NaN compares false: unknown ones do not set the bar.
    }
    this.thresholdMs = (1 + this.params.buffer) * lowestMs;
    return pickUniform(pool, ctx.rng, this.eligible);
  }

  /** ms per output token (NaN when unknown). */
  explain(req: RouteRequest, candidates: readonly Candidate[]): Record<string, number> {
    return scoreAll(candidates, req, msPerOutputTokenLoad(Number.NaN));
  }
}

export const latencyBasedStrategy: StrategyDefinition<LatencyBasedParams> = {
  name: 'latency-based',
  description: 'Uniform among deployments within (1 + buffer) × the lowest ms per output token (LiteLLM)',
  paramsSchema: latencyBasedParamsSchema,
  perPick: { cost: 'O(N)', why: "a scan of candidates' latency scores" },
  create: (params) => new LatencyBasedStrategy(params),
};
