import { scenarioSchema, type Scenario } from '../config/scenario-schema.js';

/**
 * The full-stack benchmark: 10 providers, p2c-ewma, circuit breakers, active health checks
 * every 5 s, incidents, token pricing and streaming metrics — everything a real run uses.
 */
export function fullStackScenario(durationS: number, ratePerS: number): Scenario {
  return scenarioSchema.parse({
    name: 'bench-full-stack',
    seed: 1,
    durationS,
    traffic: {
      arrivals: { kind: 'poisson', ratePerS },
      inputTokens: { kind: 'lognormal', median: 600, p99: 5000 },
      outputTokens: { kind: 'lognormal', median: 150, p99: 1000 },
      qualityMix: { low: 0.3, medium: 0.5, high: 0.2 },
    },
    providers: Array.from({ length: 10 }, (_, i) => ({
      id: `p${i}`,
      capacity: { maxConcurrent: 400 },
      latency: {
        ttftMs: { kind: 'lognormal', median: 300 + 40 * i, p99: 2000 },
        msPerOutputToken: { kind: 'lognormal', median: 10 + i, p99: 40 },
      },
      errors: { serverErrorRate: 0.002 * (1 + (i % 3)) },
      incidents: [
        { kind: i % 2 === 0 ? 'down' : 'brownout', timeBetweenS: { kind: 'exponential', mean: 3600 }, durationS: { kind: 'exponential', mean: 120 } },
      ],
      models: [{ id: 'm', qualityTier: (['low', 'medium', 'high'] as const)[i % 3], inputUsdPerMTok: 0.2 + i * 0.3, outputUsdPerMTok: 0.8 + i }],
    })),
    router: {
      strategy: 'p2c-ewma',
      circuitBreaker: {},
      activeHealthCheck: { intervalMs: 5000 },
      retries: { maxRetries: 2 },
    },
    metrics: { bucketS: 60 },
  });
}
