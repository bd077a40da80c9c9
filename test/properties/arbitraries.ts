/**
 * Shared fast-check arbitraries for the routing properties: small generated scenarios
 * (providers, incidents, rate limits, router configs with every health/resilience block on or
 * off, every strategy) and request streams. Fallback graphs, quiet and priced fleets and the
 * small helpers live in the files re-exported below, so one import gives everything.
 *
 * Everything is deliberately SMALL (1–5 providers, 30–300 simulated seconds, a few requests
 * per second) so a property runs dozens of whole simulations in a second or two. Numbers are
 * drawn as integers and scaled (e.g. `int(1..30) / 10`) so shrunk counterexamples stay readable.
 */
import fc from 'fast-check';
import { scenarioSchema, type Scenario } from '../../src/config/scenario-schema.js';
import { STRATEGY_NAMES } from '../../src/routing/strategies/registry.js';
import type { RouteRequest } from '../../src/routing/types.js';
import { compact, mostly, opt, QUALITY_TIERS, scaled, type Input } from './arbitrary-helpers.js';
import { acyclicFallbacksArb } from './fallback-arbitraries.js';

export * from './arbitrary-helpers.js';
export * from './fallback-arbitraries.js';
export * from './fleet-arbitraries.js';

export const INCIDENT_KINDS = ['down', 'brownout', 'errors', 'rate-limit-squeeze', 'gray', 'capacity-squeeze'] as const;

/** A latency distribution spec in ms: a constant, an exponential or a lognormal (median, p99). */
export function latencyDistArb(minMs: number, maxMs: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.integer({ min: minMs, max: maxMs }),
    fc.integer({ min: Math.max(1, minMs), max: maxMs }).map((mean) => ({ kind: 'exponential', mean })),
    fc
      .tuple(fc.integer({ min: Math.max(1, minMs), max: maxMs }), fc.integer({ min: 1, max: 4 }))
      .map(([median, k]) => ({ kind: 'lognormal', median, p99: median * k })),
  );
}

/**
 * One incident of any kind, either fixed (`startS`, `durationS`; starts beyond the horizon are
 * allowed and must be ignored) or stochastic (exponential on/off). May target a subset of models.
 */
export function incidentArb(modelIds: readonly string[]): fc.Arbitrary<Input> {
  const effect = fc.record({
    kind: fc.constantFrom(...INCIDENT_KINDS),
    latencyFactor: scaled(10, 80, 10),
    errorRate: scaled(0, 10, 10),
    limitFactor: scaled(0, 10, 10),
    models: opt(fc.subarray([...modelIds], { minLength: 1 })),
  });
  const timing = fc.oneof(
    fc.record({ startS: fc.integer({ min: 0, max: 320 }), durationS: fc.integer({ min: 1, max: 90 }) }),
    fc.record({
      timeBetweenS: fc.integer({ min: 5, max: 200 }).map((mean) => ({ kind: 'exponential', mean })),
      durationS: fc.integer({ min: 1, max: 40 }).map((mean) => ({ kind: 'exponential', mean })),
      afterS: fc.integer({ min: 0, max: 60 }),
    }),
  );
  return fc.tuple(effect, timing).map(([e, t]) => compact({ ...e, ...t }));
}

/** One model; small context windows appear often so 'context-exceeded' paths get exercised. */
export function modelArb(id: string): fc.Arbitrary<Input> {
  return fc
    .record({
      qualityTier: fc.constantFrom(...QUALITY_TIERS),
      inputUsdPerMTok: fc.integer({ min: 0, max: 30 }),
      outputUsdPerMTok: fc.integer({ min: 0, max: 60 }),
      contextWindowTokens: mostly(128_000, fc.integer({ min: 200, max: 4_000 })),
      latencyFactor: scaled(5, 20, 10),
      weight: opt(fc.integer({ min: 1, max: 5 })),
      priority: opt(fc.integer({ min: 0, max: 2 })),
    })
    .map((m) => compact({ id, ...m }));
}

/**
 * One provider `id` with 1–2 models ('m0', 'm1'), finite capacity and optional queue limit,
 * optional RPM/TPM limits, random error rates, 0–2 incidents and an optional price change.
 * Error rates, limits and small context windows each appear in about a quarter of providers.
 */
export function providerArb(id: string): fc.Arbitrary<Input> {
  return fc.integer({ min: 1, max: 2 }).chain((modelCount) => {
    const modelIds = Array.from({ length: modelCount }, (_, i) => `m${i}`);
    return fc
      .record({
        models: fc.tuple(...modelIds.map(modelArb)),
        capacity: fc.record({ maxConcurrent: fc.integer({ min: 1, max: 16 }), maxQueue: opt(fc.integer({ min: 0, max: 10 })) }),
        rateLimits: fc.record({
          rpm: mostly<number | undefined>(undefined, fc.integer({ min: 6, max: 1_200 })),
          tpm: mostly<number | undefined>(undefined, fc.integer({ min: 2_000, max: 400_000 })),
        }),
        latency: fc.record({
          ttftMs: latencyDistArb(0, 1_500),
          ttftMsPerInputToken: scaled(0, 10, 1000),
          msPerOutputToken: latencyDistArb(0, 5),
        }),
        errors: fc.record({
          serverErrorRate: mostly(0, scaled(1, 30, 100)),
          timeoutRate: mostly(0, scaled(1, 10, 100)),
          connectionErrorRate: mostly(0, scaled(1, 10, 100)),
          midStreamErrorRate: mostly(0, scaled(1, 20, 100)),
          stallRate: mostly(0, scaled(1, 20, 100)),
        }),
        billFailedAttempts: fc.boolean(),
        billCancelledAttempts: fc.boolean(),
        healthEndpoint: fc.record({ latencyMs: latencyDistArb(0, 200), falseFailureRate: mostly(0, scaled(1, 20, 100)) }),
        incidents: fc.array(incidentArb(modelIds), { maxLength: 2 }),
        priceChanges: fc.array(
          fc.record({ atS: fc.integer({ min: 0, max: 300 }), model: fc.constantFrom(...modelIds), inputUsdPerMTok: opt(fc.integer({ min: 0, max: 30 })) }),
          { maxLength: 1 },
        ),
        weight: fc.integer({ min: 1, max: 5 }),
        costMultiplier: fc.constantFrom(0.5, 1, 1.5, 2),
        priority: fc.integer({ min: 0, max: 2 }),
      })
      .map((p) => ({
        ...p,
        id,
        capacity: compact(p.capacity),
        rateLimits: compact(p.rateLimits),
        priceChanges: p.priceChanges.map((c) => compact(c)),
      }));
  });
}

/** 1..maxProviders providers with ids p0, p1, … */
export function providersArb(maxProviders = 5): fc.Arbitrary<Input[]> {
  return fc.integer({ min: 1, max: maxProviders }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => providerArb(`p${i}`))));
}

/** Deployment ids ("provider/model") of generated provider inputs, in declaration order. */
export function deploymentIdsOf(providers: readonly Input[]): string[] {
  return providers.flatMap((p) => (p.models as Input[]).map((m) => `${p.id as string}/${m.id as string}`));
}

/** Active health checks, outlier detection, cooldowns, circuit breaker: each on or off. */
export const healthBlocksArb = fc.record({
  activeHealthCheck: fc.oneof(
    fc.constant(false as const),
    fc.record({
      intervalMs: fc.integer({ min: 500, max: 20_000 }),
      timeoutMs: fc.integer({ min: 50, max: 5_000 }),
      unhealthyThreshold: fc.integer({ min: 1, max: 3 }),
      healthyThreshold: fc.integer({ min: 1, max: 3 }),
      jitterFraction: scaled(0, 5, 10),
    }),
  ),
  outlierDetection: fc.oneof(
    fc.constant(false as const),
    fc.record({
      consecutive5xx: fc.integer({ min: 1, max: 5 }),
      sweepIntervalMs: fc.integer({ min: 500, max: 10_000 }),
      baseEjectionMs: fc.integer({ min: 500, max: 30_000 }),
      maxEjectionMs: fc.integer({ min: 500, max: 120_000 }),
      maxEjectionPercent: fc.integer({ min: 0, max: 100 }),
    }),
  ),
  cooldown: fc.oneof(
    fc.constant(false as const),
    fc
      .record({
        allowedFailsPerMinute: fc.integer({ min: 0, max: 5 }),
        failureRateThreshold: opt(scaled(1, 10, 10)),
        minRequests: fc.integer({ min: 1, max: 10 }),
        cooldownMs: fc.integer({ min: 500, max: 30_000 }),
        honourRetryAfter: fc.boolean(),
      })
      .map(compact),
  ),
  circuitBreaker: fc.oneof(
    fc.constant(false as const),
    fc.record({
      consecutiveFailures: fc.integer({ min: 1, max: 5 }),
      failureRateThreshold: scaled(1, 10, 10),
      windowMs: fc.integer({ min: 500, max: 20_000 }),
      minRequests: fc.integer({ min: 1, max: 20 }),
      openMs: fc.integer({ min: 500, max: 20_000 }),
      openBackoffFactor: scaled(10, 30, 10),
      maxOpenMs: fc.integer({ min: 500, max: 60_000 }),
      halfOpenProbes: fc.integer({ min: 1, max: 3 }),
    }),
  ),
});

/** Retries (count, backoff, budget, same-deployment), timeouts and hedging (off, fixed delay or percentile). */
export const resilienceArb = fc.record({
  panicThresholdPercent: fc.integer({ min: 0, max: 100 }),
  retries: fc.record({
    maxRetries: fc.integer({ min: 0, max: 4 }),
    baseBackoffMs: fc.integer({ min: 0, max: 500 }),
    maxBackoffMs: fc.integer({ min: 0, max: 5_000 }),
    budgetRatio: scaled(0, 10, 10),
    budgetMinRetries: fc.integer({ min: 0, max: 5 }),
    sameDeployment: fc.boolean(),
  }),
  timeouts: fc
    .tuple(fc.integer({ min: 200, max: 20_000 }), fc.integer({ min: 500, max: 60_000 }), opt(fc.integer({ min: 50, max: 5_000 })), opt(fc.integer({ min: 20, max: 3_000 })))
    .map(([attemptMs, deadlineMs, firstTokenMs, idleMs]) => compact({ attemptMs, deadlineMs, firstTokenMs, idleMs })),
  hedging: fc.oneof(
    fc.constant(false as const),
    fc.record({ delayMs: fc.integer({ min: 20, max: 3_000 }), maxHedgeRatio: scaled(0, 10, 10), budgetWindowMs: fc.integer({ min: 1_000, max: 600_000 }) }),
    fc.record({ percentile: fc.integer({ min: 50, max: 99 }), basis: fc.constantFrom('latency', 'ttft'), windowSize: fc.integer({ min: 10, max: 500 }), maxHedgeRatio: scaled(0, 10, 10) }),
  ),
  maxRetryAfterMs: fc.integer({ min: 1, max: 120_000 }),
  historySize: fc.integer({ min: 1, max: 50 }),
  ewmaHalfLifeMs: fc.integer({ min: 100, max: 30_000 }),
});

const RULES = ['rate-limited', 'server-error', 'overloaded', 'timeout', 'connection-error', 429, 500, 503] as const;

/** Admission policies (issue 20): concurrency caps (off, static, AIMD, gradient), a priority queue, status-code rules. */
export const admissionArb = fc.record({
  concurrencyLimit: fc.oneof(
    fc.constant(false as const),
    fc
      .record({
        algorithm: fc.constantFrom('static', 'aimd', 'gradient'),
        initialLimit: fc.integer({ min: 1, max: 40 }),
        minLimit: fc.integer({ min: 1, max: 5 }),
        maxLimit: fc.integer({ min: 1, max: 200 }),
        backoffRatio: fc.constantFrom(0.5, 0.9),
        latencyThresholdMs: opt(fc.integer({ min: 100, max: 30_000 })),
      })
      .map(compact),
  ),
  priorityQueue: fc.oneof(
    fc.constant(false as const),
    fc.record({ maxWaitMs: fc.integer({ min: 1, max: 20_000 }), maxLength: fc.integer({ min: 1, max: 50 }), defaultPriority: fc.integer({ min: -2, max: 2 }), sheddableBelow: fc.integer({ min: -2, max: 2 }) }),
  ),
  statusRules: fc.oneof(
    fc.constant(false as const),
    fc
      .record({
        retryOn: opt(fc.uniqueArray(fc.constantFrom(...RULES), { minLength: 1, maxLength: 4 })),
        fallbackOn: opt(fc.uniqueArray(fc.constantFrom(...RULES), { minLength: 1, maxLength: 4 })),
        maxRetriesByKind: fc.dictionary(fc.constantFrom('rate-limited', 'server-error', 'timeout'), fc.integer({ min: 0, max: 4 }), { maxKeys: 2 }),
        breakerFailureOn: opt(fc.uniqueArray(fc.constantFrom(...RULES), { minLength: 1, maxLength: 4 })),
      })
      .map(compact),
  ),
});

/** Strategy names to draw from: every registered strategy unless narrowed. */
export const strategyArb = (names: readonly string[] = STRATEGY_NAMES) => fc.constantFrom(...names);

/** A whole router section for the given deployments (fallbacks are acyclic). */
export function routerConfigArb(deploymentIds: readonly string[], strategies: readonly string[] = STRATEGY_NAMES): fc.Arbitrary<Input> {
  return fc
    .tuple(strategyArb(strategies), healthBlocksArb, resilienceArb, acyclicFallbacksArb(deploymentIds), admissionArb)
    .map(([strategy, health, resilience, fallbacks, admission]) => ({ strategy, ...health, ...resilience, fallbacks, ...admission }));
}

/** Traffic: low-rate Poisson, piecewise, diurnal or bursty arrivals; tokens, tiers, optional budgets. */
export const trafficArb: fc.Arbitrary<Input> = fc
  .record({
    arrivals: fc.oneof(
      scaled(1, 30, 10).map((ratePerS) => ({ kind: 'poisson', ratePerS })),
      fc
        .tuple(
          fc.array(fc.record({ untilS: fc.integer({ min: 1, max: 300 }), ratePerS: scaled(0, 30, 10) }), { minLength: 1, maxLength: 3 }),
          fc.oneof(scaled(1, 30, 10), fc.constant(0)),
        )
        // The last segment holds to the horizon; a zero tail (schedule falls silent) is allowed
        // since the thinning loop stops at silence (regression in arrival-rate.test.ts).
        .map(([segments, tailRatePerS]) => {
          const sorted = [...segments].sort((a, b) => a.untilS - b.untilS);
          sorted[sorted.length - 1] = { ...sorted[sorted.length - 1], ratePerS: tailRatePerS };
          return { kind: 'piecewise', segments: sorted };
        }),
      fc.record({ kind: fc.constant('diurnal'), meanRatePerS: scaled(1, 20, 10), amplitude: scaled(0, 10, 10), periodS: fc.integer({ min: 10, max: 600 }) }),
      fc.record({
        kind: fc.constant('bursty'),
        calmRatePerS: scaled(0, 10, 10),
        burstRatePerS: scaled(1, 60, 10),
        meanCalmS: fc.integer({ min: 5, max: 60 }),
        meanBurstS: fc.integer({ min: 1, max: 20 }),
      }),
    ),
    inputTokens: fc.oneof(fc.integer({ min: 1, max: 3_000 }), fc.record({ kind: fc.constant('uniform'), min: fc.constant(1), max: fc.integer({ min: 1, max: 5_000 }) })),
    outputTokens: fc.oneof(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }).map((mean) => ({ kind: 'exponential', mean }))),
    qualityMix: fc
      .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))
      .map(([low, medium, high]) => (low + medium + high === 0 ? { low: 0, medium: 1, high: 0 } : { low, medium, high })),
    budgetUsd: opt(fc.integer({ min: 1, max: 200 }).map((max) => ({ kind: 'uniform', min: 0, max: max / 10_000 }))),
    streamFraction: fc.constantFrom(0, 0.5, 1),
  })
  .map(compact);

export interface ScenarioArbOptions {
  /** Strategies to draw from (default: all registered). */
  readonly strategies?: readonly string[];
  readonly maxProviders?: number;
  readonly minDurationS?: number;
  readonly maxDurationS?: number;
}

/**
 * A complete, validated scenario (`scenarioSchema.parse` fills every default): 1–5 providers
 * with capacity/queue limits, error rates, incidents of every kind and rate limits; a router
 * with a random strategy and every health/resilience block randomly on or off; 30–300 s.
 */
export function scenarioArb(o: ScenarioArbOptions = {}): fc.Arbitrary<Scenario> {
  return providersArb(o.maxProviders ?? 5).chain((providers) =>
    fc
      .record({
        seed: fc.integer({ min: 0, max: 1_000_000 }),
        durationS: fc.integer({ min: o.minDurationS ?? 30, max: o.maxDurationS ?? 300 }),
        traffic: trafficArb,
        router: routerConfigArb(deploymentIdsOf(providers), o.strategies),
        bucketS: fc.constantFrom(10, 30, 60),
      })
      .map(({ bucketS, ...rest }) =>
        scenarioSchema.parse({ name: 'generated', ...rest, providers, metrics: { bucketS } }),
      ),
  );
}

export interface RequestStreamOptions {
  readonly maxRequests?: number;
  /** Largest gap between consecutive arrivals, ms. */
  readonly maxGapMs?: number;
  readonly maxInputTokens?: number;
}

/**
 * A stream of router requests with ids 0..n−1 and non-decreasing arrival times (gaps may be 0:
 * simultaneous arrivals), random token counts, quality tiers, optional budgets, clients and
 * sessions (for the hash strategies) and sometimes only a prompt text.
 */
export function requestStreamArb(o: RequestStreamOptions = {}): fc.Arbitrary<RouteRequest[]> {
  const one = fc.record({
    gapMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: o.maxGapMs ?? 2_000 })),
    inputTokens: fc.integer({ min: 1, max: o.maxInputTokens ?? 3_000 }),
    expectedOutputTokens: fc.integer({ min: 1, max: 500 }),
    qualityTier: fc.constantFrom(...QUALITY_TIERS),
    budgetUsd: opt(fc.integer({ min: 0, max: 200 }).map((n) => n / 10_000)),
    client: fc.integer({ min: 0, max: 9 }),
    session: opt(fc.integer({ min: 0, max: 4 })),
    category: opt(fc.constantFrom('code', 'math', 'chat')),
  });
  // size 'max': let lengths spread over the whole range (the default 'small' stops near 10).
  return fc.array(one, { minLength: 1, maxLength: o.maxRequests ?? 150, size: 'max' }).map((items) => {
    let arrivalMs = 0;
    return items.map((r, id) => {
      arrivalMs += r.gapMs;
      return compact({
        id,
        arrivalMs,
        inputTokens: r.inputTokens,
        expectedOutputTokens: r.expectedOutputTokens,
        qualityTier: r.qualityTier,
        budgetUsd: r.budgetUsd,
        clientId: `c${r.client}`,
        sessionId: r.session === undefined ? undefined : `s${r.session}`,
        category: r.category,
      }) as unknown as RouteRequest;
    });
  });
}
