import { z } from 'zod';
import type { AttemptOutcome, Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { MAX_WINDOW_SIZE } from '../stats/ring-window.js';
import { untriedOrAll } from './candidate-pool.js';
import type { CandidateWeight } from './pickers/picker-types.js';
import { pickWeightedRandom } from './pickers/random-picker.js';
import { SmoothWeightedPicker } from './pickers/smooth-weighted-picker.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const adaptiveParamsSchema = z.strictObject({
  rate: z
    .number()
    .gt(0)
    .max(1)
    .default(0.1)
    .describe('Adaptation rate: w ← w + rate × (target − w) on every outcome'),
  floor: z
    .number()
    .finite()
    .positive()
    .default(0.1)
    .describe('Lowest weight a deployment can fall to, so it keeps being sampled'),
  initialWeight: z
    .number()
    .finite()
    .positive()
    .default(1)
    .describe('Weight of a deployment before its first outcome'),
  windowSize: z
    .number()
    .int()
    .positive()
    .max(MAX_WINDOW_SIZE)
    .default(100)
    .describe('Outcomes kept per deployment (newest) for the success rate and mean latency of the target'),
  picker: z
    .enum(['smooth-weighted', 'weighted-random'])
    .default('smooth-weighted')
    .describe('How to choose by the current weights: deterministic smooth WRR, or random ∝ weight'),
});
export type AdaptiveParams = z.output<typeof adaptiveParamsSchema>;

/** A deployment's adaptive weight and the window of outcomes its target is computed from. */
class AdaptiveState {
  weight: number;
  private readonly latenciesMs: Float64Array;
  private readonly successes: Uint8Array;
  private next = 0;
  private count = 0;
  private latencySumMs = 0;
  private successCount = 0;

  constructor(initialWeight: number, windowSize: number) {
    this.weight = initialWeight;
    this.latenciesMs = new Float64Array(windowSize);
    this.successes = new Uint8Array(windowSize);
  }

  /** Adds an outcome, evicting the oldest when full; returns successRate / (1 + meanLatencyS). */
  record(success: boolean, latencyMs: number): number {
    const capacity = this.latenciesMs.length;
    if (this.count === capacity) {
      this.latencySumMs -= this.latenciesMs[this.next];
      this.successCount -= this.successes[this.next];
    } else {
      this.count++;
    }
    this.latenciesMs[this.next] = latencyMs;
    this.successes[this.next] = success ? 1 : 0;
    this.latencySumMs += latencyMs;
    this.successCount += success ? 1 : 0;
    this.next = (this.next + 1) % capacity;
    const meanLatencyS = this.latencySumMs / this.count / 1000;
    return this.successCount / this.count / (1 + meanLatencyS);
  }
}

/**
 * The seed's DynamicLoadBalancer, fixed: the seed adapted weights on a 10% coin flip per
 * pick, truncated them with int(w × 10) (weights below 0.1 became 0, i.e. never picked) and
 * then routed by least response time, ignoring the weights. Here every finished attempt
 * moves the deployment's weight toward target = successRate / (1 + meanLatencySeconds) over
 * its last `windowSize` outcomes (cancelled hedge losers are not evidence and are skipped),
 * floored at `floor`; picks are smooth weighted round robin over the current weights by
 * default (deterministic, proportional within ±1 while weights hold still).
 */
export class AdaptiveStrategy implements Strategy {
  readonly name = 'adaptive';
  private readonly states = new Map<string, AdaptiveState>();
  private readonly swrr = new SmoothWeightedPicker();
  private readonly weightOf: CandidateWeight = (c) => this.weightFor(c.deployment.id);

  constructor(private readonly params: AdaptiveParams) {}

  pick(_req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const pool = untriedOrAll(candidates, ctx);
    return this.params.picker === 'smooth-weighted'
      ? this.swrr.pick(pool, this.weightOf)
      : pickWeightedRandom(pool, ctx.rng, this.weightOf);
  }

  observe(deploymentId: string, outcome: AttemptOutcome): void {
    if (outcome.kind === 'cancelled') return;
    const { rate, floor, initialWeight, windowSize } = this.params;
    let state = this.states.get(deploymentId);
    if (state === undefined) {
      state = new AdaptiveState(initialWeight, windowSize);
      this.states.set(deploymentId, state);
    }
    const target = state.record(outcome.kind === 'success', outcome.latencyMs);
    state.weight = Math.max(floor, state.weight + rate * (target - state.weight));
  }

  /** The current adaptive weight of a deployment. */
  weightFor(deploymentId: string): number {
    return this.states.get(deploymentId)?.weight ?? this.params.initialWeight;
  }

  explain(_req: RouteRequest, candidates: readonly Candidate[]): Record<string, number> {
    const scores: Record<string, number> = {};
    for (const c of candidates) scores[c.deployment.id] = this.weightFor(c.deployment.id);
    return scores;
  }
}

export const adaptiveStrategy: StrategyDefinition<AdaptiveParams> = {
  name: 'adaptive',
  description: 'Weights learned from every outcome toward successRate / (1 + mean latency s); smooth weighted round robin over them',
  paramsSchema: adaptiveParamsSchema,
  perPick: { cost: 'O(N)', why: "smooth weighted round robin over adaptive weights moves every candidate's current weight on each pick" },
  create: (params) => new AdaptiveStrategy(params),
};
