import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { inFlightLoad, scoreAll } from './load-metrics.js';
import { IndexedMinPicker } from './pickers/indexed-min-picker.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const leastConnectionsParamsSchema = z.strictObject({});
export type LeastConnectionsParams = z.output<typeof leastConnectionsParamsSchema>;

/**
 * Fewest in-flight attempts; ties round robin. Only the candidates the router hands over
 * count, so when the least busy deployment is excluded the next least busy wins (LiteLLM once
 * fell back to a random pick in that case).
 */
export class LeastConnectionsStrategy implements Strategy {
  readonly name = 'least-connections';
  private readonly picker = new IndexedMinPicker((c) => c.stats.inFlight, 'round-robin');

  pick(_req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    return this.picker.pick(untriedOrAll(candidates, ctx));
  }

  explain(req: RouteRequest, candidates: readonly Candidate[]): Record<string, number> {
    return scoreAll(candidates, req, inFlightLoad);
  }
}

export const leastConnectionsStrategy: StrategyDefinition<LeastConnectionsParams> = {
  name: 'least-connections',
  description: 'Fewest in-flight attempts; ties broken round robin',
  paramsSchema: leastConnectionsParamsSchema,
  perPick: { cost: 'O(log N)', why: 'a heap of the pool by in-flight count, re-sifted as each count changes (the stats trackers report every change); lists other than the pool or a retry\'s cut of it are scanned' },
  create: () => new LeastConnectionsStrategy(),
};
