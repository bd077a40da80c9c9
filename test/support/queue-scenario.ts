import type { Scenario } from '../../src/config/scenario-schema.js';
import { scenarioSchema } from '../../src/config/scenario-schema.js';

/**
 * A single-provider queue: Poisson arrivals at λ per second, c slots, service time from
 * `serviceMs` (a distribution spec), no errors, no retries, timeouts out of reach.
 */
export function queueScenario(o: {
  lambdaPerS: number;
  servers: number;
  serviceMs: unknown;
  durationS: number;
  warmupS: number;
  seed?: number;
  extra?: Record<string, unknown>;
}): Scenario {
  return scenarioSchema.parse({
    name: 'queue',
    seed: o.seed ?? 1,
    durationS: o.durationS,
    traffic: { arrivals: { kind: 'poisson', ratePerS: o.lambdaPerS }, inputTokens: 1, outputTokens: 1 },
    providers: [
      {
        id: 'p',
        capacity: { maxConcurrent: o.servers },
        latency: { ttftMs: o.serviceMs, msPerOutputToken: 0 },
        healthEndpoint: { latencyMs: 0 },
        models: [{ id: 'm', contextWindowTokens: 1e9 }],
      },
    ],
    router: {
      strategy: 'round-robin',
      retries: { maxRetries: 0 },
      timeouts: { attemptMs: 1e12, deadlineMs: 1e12 },
    },
    metrics: { warmupS: o.warmupS, bucketS: 3600, quantileRelativeError: 0.01 },
    ...o.extra,
  });
}
