import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { USAGE_MINUTE_MS } from '../stats/deployment-stats-tracker.js';
import { untriedOrAll } from './candidate-pool.js';
import { headroomFraction } from './load-metrics.js';
import { IndexedMinPicker } from './pickers/indexed-min-picker.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const usageBasedParamsSchema = z.strictObject({});
export type UsageBasedParams = z.output<typeof usageBasedParamsSchema>;

/**
 * Most headroom against rate limits (LiteLLM usage-based): headroom = min over rpm and tpm of
 * (limit − minute usage) / limit, 1 without limits; the largest wins. Equal headroom (e.g.
 * no limits anywhere) goes round robin rather than always to the first deployment.
 * Usage changes only at a send (the trackers tell the index) and when a new minute starts its
 * counters afresh, which no tracker tells: the first pick of each minute has the index read every
 * score again (O(N) once a minute, O(log N) per pick).
 */
export class UsageBasedStrategy implements Strategy {
  readonly name = 'usage-based';
  private readonly picker = new IndexedMinPicker((c) => 1 - headroomFraction(c), 'round-robin');
  private minute = NaN;

  pick(_req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const minute = Math.floor(ctx.nowMs / USAGE_MINUTE_MS);
    if (minute !== this.minute) {
      this.minute = minute;
      this.picker.rescore();
    }
    return this.picker.pick(untriedOrAll(candidates, ctx));
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
  perPick: { cost: 'O(log N)', why: "a heap of the pool by usage against limits, re-sifted at each send (the stats trackers report it) and re-read whole at the first pick of each minute, when the counters start afresh; lists other than the pool or a retry's cut of it are scanned" },
  create: () => new UsageBasedStrategy(),
};
