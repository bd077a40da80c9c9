import { z } from 'zod';
import { isStrongDeployment } from '../quality-truth.js';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { CostStrategy, costParamsSchema } from './cost.js';
import { requestCostLoad, scoreAll } from './load-metrics.js';
import type { LoadMetric } from './pickers/picker-types.js';
import { PricePoints } from './pickers/price-groups.js';
import { pickMinByScore } from './pickers/score-picker.js';
import { NoisyQualityPredictor } from './quality-predictor.js';
import type { StrategyDefinition } from './strategy-definition.js';
import { tokensPerWordParam } from './request-cost.js';

export const qualityThresholdParamsSchema = z.strictObject({
  threshold: z
    .number()
    .finite()
    .min(0)
    .max(1)
    .default(0.5)
    .describe('Route to the strong model when the predicted P(strong beats weak) is at least this (0 = always strong)'),
  noise: z
    .number()
    .finite()
    .nonnegative()
    .default(1)
    .describe('σ of the simulated predictor\'s Gaussian noise: 0 = perfect (oracle), 1 ≈ ROC AUC 0.92, 2 ≈ 0.76'),
  tokensPerWord: tokensPerWordParam,
});
export type QualityThresholdParams = z.output<typeof qualityThresholdParamsSchema>;

/**
 * RouteLLM-style binary routing between a strong and a weak model (Ong et al., 2024): a
 * router scores each prompt with the probability that the strong model wins and calls the
 * strong model when the score reaches a threshold; sweeping the threshold traces the
 * cost–quality curve. Strong = quality tier 'high', weak = any other tier (one rule, shared
 * with the metrics). The score comes from `NoisyQualityPredictor` (ground truth blurred by
 * `noise`) or from the request's own `predictedStrongWinProbability`.
 *
 * Within the wanted role it takes the cheapest untried deployment, then the cheapest of the
 * other role (failover keeps serving). Requests without quality ground truth are routed as
 * the `cost` strategy would route them (cheapest of sufficient tier within budget).
 */
export class QualityThresholdStrategy implements Strategy {
  readonly name = 'quality-threshold';
  private readonly predictor: NoisyQualityPredictor;
  private readonly costOf: LoadMetric;
  private readonly fallback: CostStrategy;
  /** Price and role read only price points' fields (prices, multiplier, tier): one deployment per point is scanned. */
  private readonly pricePoints = new PricePoints(false);
  private wantStrong = false;
  private readonly ofWantedRole = (c: Candidate): boolean => isStrongDeployment(c.deployment) === this.wantStrong;

  constructor(private readonly params: QualityThresholdParams) {
    this.predictor = new NoisyQualityPredictor(params.noise);
    this.costOf = requestCostLoad(params.tokensPerWord);
    this.fallback = new CostStrategy(costParamsSchema.parse({ tokensPerWord: params.tokensPerWord }));
  }

  pricesChanged(): void {
    this.fallback.pricesChanged();
    this.pricePoints.pricesChanged();
  }

  /** Whether this request should go to the strong model. */
  wantsStrong(req: RouteRequest, ctx: PickContext): boolean {
    const q = req.quality;
    if (q === undefined) return false;
    return this.predictor.score(req.id, q, ctx.rng) >= this.params.threshold;
  }

  pick(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    if (req.quality === undefined) return this.fallback.pick(req, candidates, ctx);
    const pool = untriedOrAll(candidates, ctx);
    this.wantStrong = this.wantsStrong(req, ctx);
    const scanned = this.pricePoints.scanned(pool);
    return pickMinByScore(scanned, req, this.costOf, this.ofWantedRole) ?? pickMinByScore(scanned, req, this.costOf);
  }

  /** The predictor's score (same for every candidate) when the request has ground truth; else estimated cost. */
  explain(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Record<string, number> {
    const q = req.quality;
    if (q === undefined) return scoreAll(candidates, req, this.costOf);
    const score = this.predictor.score(req.id, q, ctx.rng);
    const scores: Record<string, number> = {};
    for (const c of candidates) scores[c.deployment.id] = isStrongDeployment(c.deployment) ? score : 1 - score;
    return scores;
  }
}

export const qualityThresholdStrategy: StrategyDefinition<QualityThresholdParams> = {
  name: 'quality-threshold',
  description:
    "RouteLLM-style: strong model (tier 'high') when a noisy predictor's P(strong wins) ≥ threshold, else the cheapest weak one; cost routing without ground truth",
  paramsSchema: qualityThresholdParamsSchema,
  perPick: { cost: 'O(P)', why: "P = the pool's distinct price points (price, multiplier, tier): an argmin of this request's estimated price within the predicted role over one deployment per price point (a retry's pool is scanned whole); requests without quality ground truth go to cost, also O(P)" },
  create: (params) => new QualityThresholdStrategy(params),
};
