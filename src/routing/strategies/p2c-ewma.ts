import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { peakEwmaCostLoad, scoreAll } from './load-metrics.js';
import type { LoadMetric } from './pickers/picker-types.js';
import { pickTwoChoices } from './pickers/two-choices-picker.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const p2cEwmaParamsSchema = z.strictObject({
  unknownLatencyMs: z
    .number()
    .finite()
    .nonnegative()
    .default(1_000)
    .describe(
      'Peak-EWMA latency assumed before a deployment has samples, ms (1 s: below typical LLM latency, so new deployments get sampled, but their in-flight count still stops a flood)',
    ),
});
export type P2cEwmaParams = z.output<typeof p2cEwmaParamsSchema>;

/**
 * Finagle/Linkerd P2C with peak EWMA: two distinct random candidates, lower
 * peakEwmaLatencyMs × (inFlight + 1) wins. A deployment without samples is costed at
 * `unknownLatencyMs` (Linkerd uses a configurable default RTT the same way); 0 would make it
 * win every comparison until its first response arrives, which floods a new deployment.
 */
export class P2cEwmaStrategy implements Strategy {
  readonly name = 'p2c-ewma';
  private readonly cost: LoadMetric;

  constructor(params: P2cEwmaParams) {
    this.cost = peakEwmaCostLoad(params.unknownLatencyMs);
  }

  pick(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    return pickTwoChoices(untriedOrAll(candidates, ctx), req, ctx.rng, this.cost);
  }

  explain(req: RouteRequest, candidates: readonly Candidate[]): Record<string, number> {
    return scoreAll(candidates, req, this.cost);
  }
}

export const p2cEwmaStrategy: StrategyDefinition<P2cEwmaParams> = {
  name: 'p2c-ewma',
  description: 'Power of two choices on peak-EWMA latency × (in-flight + 1) (Finagle/Linkerd)',
  paramsSchema: p2cEwmaParamsSchema,
  perPick: { cost: 'O(1)', why: 'two draws' },
  create: (params) => new P2cEwmaStrategy(params),
};
