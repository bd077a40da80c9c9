import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { ewmaLatencyLoad, scoreAll } from './load-metrics.js';
import { IndexedMinPicker } from './pickers/indexed-min-picker.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const leastResponseTimeParamsSchema = z.strictObject({
  unknownLatencyMs: z
    .number()
    .finite()
    .nonnegative()
    .default(0)
    .describe('Latency assumed for a deployment without samples; 0 makes new deployments get tried first'),
});
export type LeastResponseTimeParams = z.output<typeof leastResponseTimeParamsSchema>;

/**
 * Lowest EWMA latency; ties by deployment order. The seed picked at random until any data
 * existed and then never tried a deployment without data (it counted as infinitely slow).
 */
export class LeastResponseTimeStrategy implements Strategy {
  readonly name = 'least-response-time';
  private readonly latency: (c: Candidate) => number;
  private readonly picker: IndexedMinPicker;

  constructor(params: LeastResponseTimeParams) {
    this.latency = ewmaLatencyLoad(params.unknownLatencyMs);
    this.picker = new IndexedMinPicker(this.latency, 'list-order');
  }

  pick(_req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    return this.picker.pick(untriedOrAll(candidates, ctx));
  }

  explain(req: RouteRequest, candidates: readonly Candidate[]): Record<string, number> {
    return scoreAll(candidates, req, this.latency);
  }
}

export const leastResponseTimeStrategy: StrategyDefinition<LeastResponseTimeParams> = {
  name: 'least-response-time',
  description: 'Lowest EWMA latency; deployments without data count as 0 ms so they get tried',
  paramsSchema: leastResponseTimeParamsSchema,
  perPick: { cost: 'O(log N)', why: 'a heap of the pool by latency EWMA, re-sifted as each deployment reports a finished attempt; lists other than the pool or a retry\'s cut of it are scanned' },
  create: (params) => new LeastResponseTimeStrategy(params),
};
