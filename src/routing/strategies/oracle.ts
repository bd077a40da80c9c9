import { z } from 'zod';
import {
  QUALITY_RANK,
  type Candidate,
  type PickContext,
  type RouteRequest,
  type Strategy,
  type TruthPort,
} from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { OracleTruthMissingError } from './errors.js';
import { estimateRequestCostUsd, tokensPerWordParam } from './request-cost.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const oracleParamsSchema = z.strictObject({
  tokensPerWord: tokensPerWordParam,
});
export type OracleParams = z.output<typeof oracleParamsSchema>;

/** How strict a pass over the candidates is: serving and good enough, serving, anything. */
type Eligibility = 'serving-and-qualified' | 'serving' | 'any';

/**
 * A deliberately cheating baseline that reads the simulator's ground truth (an upper bound
 * for what routing could achieve, not a deployable strategy): among candidates that
 * isServing() with quality tier ≥ the request's, the lowest expectedLatencyMs, ties to the
 * lower estimated price, then deployment order. If none qualifies it relaxes quality, then
 * serving, so it still answers. Throws OracleTruthMissingError without ctx.truth.
 */
export class OracleStrategy implements Strategy {
  readonly name = 'oracle';

  constructor(private readonly params: OracleParams) {}

  pick(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const truth = ctx.truth;
    if (truth === undefined) throw new OracleTruthMissingError();
    const pool = untriedOrAll(candidates, ctx);
    return (
      this.best(req, pool, truth, ctx.attempt, 'serving-and-qualified') ??
      this.best(req, pool, truth, ctx.attempt, 'serving') ??
      this.best(req, pool, truth, ctx.attempt, 'any')
    );
  }

  /** Expected latency per candidate, ms (Infinity when not serving). */
  explain(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Record<string, number> {
    const truth = ctx.truth;
    if (truth === undefined) throw new OracleTruthMissingError();
    const scores: Record<string, number> = {};
    for (const c of candidates) {
      const id = c.deployment.id;
      scores[id] = truth.isServing(id, req, ctx.attempt) ? truth.expectedLatencyMs(id, req, ctx.attempt) : Infinity;
    }
    return scores;
  }

  private best(
    req: RouteRequest,
    pool: readonly Candidate[],
    truth: TruthPort,
    attemptNo: number,
    eligibility: Eligibility,
  ): Candidate | undefined {
    const tier = QUALITY_RANK[req.qualityTier];
    let best: Candidate | undefined;
    let bestLatencyMs = Infinity;
    let bestPriceUsd = Infinity;
    for (const c of pool) {
      const id = c.deployment.id;
      if (eligibility !== 'any' && !truth.isServing(id, req, attemptNo)) continue;
      if (eligibility === 'serving-and-qualified' && QUALITY_RANK[c.deployment.qualityTier] < tier) continue;
      const latencyMs = truth.expectedLatencyMs(id, req, attemptNo);
      if (best !== undefined && latencyMs > bestLatencyMs) continue;
      const priceUsd = estimateRequestCostUsd(c.deployment, req, this.params.tokensPerWord);
      if (best === undefined || latencyMs < bestLatencyMs || priceUsd < bestPriceUsd) {
        best = c;
        bestLatencyMs = latencyMs;
        bestPriceUsd = priceUsd;
      }
    }
    return best;
  }
}

export const oracleStrategy: StrategyDefinition<OracleParams> = {
  name: 'oracle',
  description: 'Cheating baseline: sees the simulator\'s ground truth (outages, limits, this attempt\'s own error luck) and picks the fastest deployment that will serve it',
  paramsSchema: oracleParamsSchema,
  perPick: { cost: 'O(N)', why: 'asks the ground truth about every candidate' },
  bound: true,
  create: (params) => new OracleStrategy(params),
};
