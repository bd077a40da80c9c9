import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { msPerOutputTokenLoad, scoreAll } from './load-metrics.js';
import type { CandidateFilter } from './pickers/picker-types.js';
import { KeptIndex } from './pickers/kept-index.js';
import { pickUniform } from './pickers/random-picker.js';
import { ThresholdBlocks } from './pickers/threshold-blocks.js';
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

  /** The router's pool array (seen twice in a row), its values kept in sorted blocks. */
  private readonly kept = new KeptIndex((pool) => ThresholdBlocks.over(pool, msPerOutputToken), (old) => old.dispose());

  constructor(private readonly params: LatencyBasedParams) {}

  pick(_req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const pool = untriedOrAll(candidates, ctx);
    const index = this.kept.over(pool);
    if (index !== undefined) {
      // The scan's draw exactly: the same count, one rng.int of it, the same r-th in list order.
      const skip = this.kept.cut === undefined ? undefined : this.kept.cutPositions;
      const thresholdMs = (1 + this.params.buffer) * index.lowest(skip);
      const count = index.countEligible(thresholdMs, skip);
      return count === 0 ? undefined : index.eligibleAt(thresholdMs, ctx.rng.int(count), skip);
    }
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

const msPerOutputToken = (c: Candidate): number => c.stats.msPerOutputToken;

export const latencyBasedStrategy: StrategyDefinition<LatencyBasedParams> = {
  name: 'latency-based',
  description: 'Uniform among deployments within (1 + buffer) × the lowest ms per output token (LiteLLM)',
  paramsSchema: latencyBasedParamsSchema,
  perPick: { cost: 'O(√N log N)', why: "the pool's ms per token in blocks of √N list positions, each sorted: the lowest, the eligible count and the drawn one from the blocks (a finish re-sorts one block, O(√N)); a retry's pool is answered from the same blocks, reading those holding the tried members one by one" },
  create: (params) => new LatencyBasedStrategy(params),
};
