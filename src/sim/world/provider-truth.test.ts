import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { scenarioSchema } from '../../config/scenario-schema.js';
import type { AttemptOutcome, RouteRequest } from '../../routing/types.js';
import { SimScheduler } from '../sim-scheduler.js';
import { buildDeployments } from './build-deployments.js';
import { ProviderSim } from './provider-sim.js';

const scenario = scenarioSchema.parse({
  name: 'truth',
  durationS: 60,
  traffic: { arrivals: { kind: 'poisson', ratePerS: 1 } },
  providers: [{
    id: 'p',
    capacity: { maxConcurrent: 4 },
    latency: { ttftMs: { kind: 'lognormal', median: 200, p99: 900 }, ttftMsPerInputToken: 0.5, msPerOutputToken: { kind: 'lognormal', median: 10, p99: 30 } },
    prefixCache: { capacityBlocks: 100, ttftSavingFraction: 1 },
    models: [{ id: 'm' }],
  }],
});

const request = (id: number): RouteRequest => ({ id, arrivalMs: 0, inputTokens: 2048, expectedOutputTokens: 50, qualityTier: 'medium', prefixHashes: [11, 12, 13, 14] });

describe("the oracle's preview of an attempt (ProviderSim truth)", () => {
  it('predicts the service time the attempt then gets, prefix-cache hits included', () => {
    const scheduler = new SimScheduler();
    const sim = new ProviderSim(scenario.providers[0], buildDeployments(scenario), scheduler, createRng('truth'), () => {});
    const send = (req: RouteRequest): AttemptOutcome => {
      let out: AttemptOutcome | undefined;
      sim.submit('m', req, 0, (o) => (out = o), undefined);
      scheduler.run();
      return out!;
    };
    const cold = request(1);
    expect(sim.expectedLatencyMs('m', cold, 0)).toBe(send(cold).latencyMs);
    // The same prompt blocks again: cached now, so its prefill (and TTFT) shrinks — the preview must see that.
    const warm = request(2);
    const predicted = sim.expectedLatencyMs('m', warm, 0);
    const outcome = send(warm);
    expect(outcome.cachedInputTokens).toBeGreaterThan(0);
    // latencyMs is (start + service) − start on the clock: equal up to the clock's rounding.
    expect(predicted).toBeCloseTo(outcome.latencyMs, 9);
    // Without the cache the prefill would be the whole prompt: 2048 × 0.5 ms more.
    expect(predicted).toBeLessThan(sim.expectedLatencyMs('m', { ...warm, prefixHashes: [91, 92, 93, 94] }, 0) - 500);
  });
});
