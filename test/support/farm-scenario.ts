import type { Scenario } from '../../src/config/scenario-schema.js';
import { scenarioSchema } from '../../src/config/scenario-schema.js';

/** n identical single-slot providers, exponential service with mean 1 s, Poisson arrivals at n·λ. */
export function farmScenario(o: { n: number; lambdaPerServer: number; durationS: number; warmupS: number; strategy: string }): Scenario {
  return scenarioSchema.parse({
    name: `farm-${o.n}`,
    seed: 7,
    durationS: o.durationS,
    traffic: { arrivals: { kind: 'poisson', ratePerS: o.n * o.lambdaPerServer }, inputTokens: 1, outputTokens: 1 },
    providers: Array.from({ length: o.n }, (_, i) => ({
      id: `p${i}`,
      capacity: { maxConcurrent: 1 },
      latency: { ttftMs: { kind: 'exponential', mean: 1000 }, msPerOutputToken: 0 },
      healthEndpoint: { latencyMs: 0 },
      models: [{ id: 'm', contextWindowTokens: 1e9 }],
    })),
    router: { strategy: o.strategy, retries: { maxRetries: 0 }, timeouts: { attemptMs: 1e12, deadlineMs: 1e12 } },
    metrics: { warmupS: o.warmupS, bucketS: 3600 },
  });
}
