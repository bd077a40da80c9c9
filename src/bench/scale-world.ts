import { scenarioSchema, type Scenario } from '../config/scenario-schema.js';

const CATEGORIES = ['generation', 'analysis', 'summarization', 'classification', 'translation'] as const;

export interface ScaleWorldOptions {
  /** Number of deployments: one provider with one model each. */
  readonly deployments: number;
  /** Health checks, outlier detection, cooldowns and a circuit breaker on (false: all off). */
  readonly features: boolean;
  /** Simulated seconds. */
  readonly durationS: number;
  /** Arrivals per second per deployment: the load on each deployment stays the same as N grows. */
  readonly ratePerDeploymentPerS?: number;
  /** Distinct clients (ip-hash, consistent-hash keys). */
  readonly clients?: number;
  /** Slots per deployment (default 50: ample at 1 req/s); scale it with the rate per deployment. */
  readonly maxConcurrent?: number;
}

/**
 * A world of N similar deployments for the scale benchmark and its profiles: per deployment
 * the same load, prices and latencies varying by index, a few 5xx, and (features on) every
 * health producer. Arrivals grow with N, so per-request cost is compared at equal load per
 * deployment; health probes then also stay a fixed fraction of requests.
 */
export function scaleScenario(o: ScaleWorldOptions): Scenario {
  const n = o.deployments;
  const ratePerS = n * (o.ratePerDeploymentPerS ?? 1);
  return scenarioSchema.parse({
    name: `bench-scale-${n}`,
    seed: 7,
    durationS: o.durationS,
    traffic: {
      arrivals: { kind: 'poisson', ratePerS },
      inputTokens: { kind: 'lognormal', median: 600, p99: 5000 },
      outputTokens: { kind: 'lognormal', median: 150, p99: 1000 },
      qualityMix: { low: 0.3, medium: 0.5, high: 0.2 },
      clients: { count: o.clients ?? 1000, zipfS: 1.1 },
      // Categories, and two per deployment below, so classifier routes by capability as it would in use.
      categories: { generation: 0.35, analysis: 0.2, summarization: 0.2, classification: 0.15, translation: 0.1 },
    },
    providers: Array.from({ length: n }, (_, i) => ({
      id: `p${i}`,
      capacity: { maxConcurrent: o.maxConcurrent ?? 50 },
      latency: {
        ttftMs: { kind: 'lognormal', median: 300 + (i % 7) * 40, p99: 2000 },
        msPerOutputToken: { kind: 'lognormal', median: 10 + (i % 5), p99: 40 },
      },
      errors: { serverErrorRate: 0.002 * (1 + (i % 3)) },
      models: [{ id: 'm', qualityTier: (['low', 'medium', 'high'] as const)[i % 3], inputUsdPerMTok: 0.2 + (i % 11) * 0.3, outputUsdPerMTok: 0.8 + (i % 13), capabilities: [CATEGORIES[i % 5], CATEGORIES[(i + 2) % 5]] }],
      weight: 1 + (i % 3),
    })),
    router: o.features
      ? {
          strategy: 'round-robin',
          activeHealthCheck: { intervalMs: 5000 },
          outlierDetection: {},
          cooldown: {},
          circuitBreaker: {},
          retries: { maxRetries: 2 },
        }
      : { strategy: 'round-robin', retries: { maxRetries: 2 } },
    metrics: { bucketS: 60 },
  });
}
