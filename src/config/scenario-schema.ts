import { z } from 'zod';
import { checkBudgetTargets } from './budget-policies-schema.js';
import { suggestionSuffix } from '../core/did-you-mean.js';
import { distributionSchema } from '../sim/distributions/spec.js';
import { MAX_ZIPF_N } from '../sim/distributions/zipf.js';
import { routerSchema } from './router-schema.js';
import { modelPricingSchema, pricingSourcesSchema, pricingStartDateSchema } from './pricing/pricing-schema.js';
import { qualityTrafficSchema } from './quality-schema.js';
import { prefixCacheSchema, servegenSchema, traceSchema } from './traffic-source-schema.js';

/**
 * The scenario file format. Every field has a documented default (README "Scenario format").
 * Units are in the names: ...S seconds, ...Ms milliseconds, ...Usd dollars, ...PerMTok per
 * million tokens.
 */
const positive = z.number().finite().positive();
const nonNegative = z.number().finite().nonnegative();
const probability = z.number().finite().min(0).max(1);
const id = z.string().min(1).regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits and _ . : - only');

export const qualityTierSchema = z.enum(['low', 'medium', 'high']);

export const modelSchema = z.strictObject({
  id,
  qualityTier: qualityTierSchema.default('medium'),
  inputUsdPerMTok: nonNegative.default(0),
  outputUsdPerMTok: nonNegative.default(0),
  cachedInputUsdPerMTok: nonNegative.optional(),
  contextWindowTokens: z.number().int().positive().default(128_000),
  capabilities: z.array(z.string()).default([]),
  /** Multiplies the provider's TTFT and per-token time for this model. */
  latencyFactor: positive.default(1),
  /** Routing overrides; default to the provider's values. */
  weight: positive.optional(),
  priority: z.number().int().nonnegative().optional(),
  /** Prices from a public price table, resolved at load time (src/config/pricing/). */
  pricing: modelPricingSchema.optional(),
});

const incidentKind = z.enum(['down', 'brownout', 'errors', 'rate-limit-squeeze', 'gray', 'capacity-squeeze']);

const incidentEffect = {
  kind: incidentKind,
  /** brownout: latency multiplier. */
  latencyFactor: z.number().finite().min(1).default(5),
  /** errors / gray: probability that a request fails with a 5xx while the incident lasts. */
  errorRate: probability.default(1),
  /** rate-limit-squeeze: the RPM/TPM limits are multiplied by this factor; capacity-squeeze: capacity.maxConcurrent is (at least 1 slot). */
  limitFactor: z.number().finite().min(0).max(1).default(0.1),
  /** Which deployments (model ids) are hit; default all of the provider's models. */
  models: z.array(z.string()).min(1).optional(),
};

export const incidentSchema = z.union([
  z.strictObject({ ...incidentEffect, startS: nonNegative, durationS: positive }),
  z.strictObject({
    ...incidentEffect,
    /** Stochastic on/off process: time between the end of one incident and the next start. */
    timeBetweenS: distributionSchema,
    durationS: distributionSchema,
    /** Earliest start of the first incident. */
    afterS: nonNegative.default(0),
  }),
]);

/**
 * Where a live gateway reaches this provider (ignored by the simulator). No secrets here: the
 * API key is read from the environment variable `apiKeyEnv` names.
 */
export const endpointSchema = z.strictObject({
  /** OpenAI-compatible base URL, e.g. https://api.openai.com/v1 (…/chat/completions is appended). */
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** Environment variable holding the API key (sent as a Bearer token; never logged). */
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').optional(),
  /** Health URL probed by active health checks; without one, a probe is GET <baseUrl>/models. */
  healthUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** The upstream's name for each scenario model id, when it differs (default: the model id). */
  models: z.record(z.string(), z.string().min(1)).default({}),
});

export const providerSchema = z.strictObject({
  id,
  models: z.array(modelSchema).min(1),
  capacity: z
    .strictObject({
      maxConcurrent: z.number().int().positive().default(1_000_000),
      /** Queue length beyond which requests fail at once as overloaded; default unbounded. */
      maxQueue: z.number().int().nonnegative().optional(),
    })
    .default({ maxConcurrent: 1_000_000 }),
  rateLimits: z
    .strictObject({ rpm: positive.optional(), tpm: positive.optional() })
    .default({}),
  latency: z
    .strictObject({
      ttftMs: distributionSchema.default(300),
      /** Extra TTFT per prompt token (prefill), ms. */
      ttftMsPerInputToken: nonNegative.default(0),
      msPerOutputToken: distributionSchema.default(20),
    })
    .default({ ttftMs: 300, ttftMsPerInputToken: 0, msPerOutputToken: 20 }),
  errors: z
    .strictObject({
      serverErrorRate: probability.default(0),
      timeoutRate: probability.default(0),
      connectionErrorRate: probability.default(0),
      /** Streams only: a stream that breaks after its first token (the request ends stream-interrupted). */
      midStreamErrorRate: probability.default(0),
      /** Streams only: a stream that stops emitting after its first token, until the client's idle or attempt timeout. */
      stallRate: probability.default(0),
    })
    .default({ serverErrorRate: 0, timeoutRate: 0, connectionErrorRate: 0, midStreamErrorRate: 0, stallRate: 0 }),
  /** Whether failed attempts are billed for their input tokens (some providers do). */
  billFailedAttempts: z.boolean().default(false),
  /** Whether an attempt the client cancelled (timeout, hedge loser) is billed in full. */
  billCancelledAttempts: z.boolean().default(true),
  healthEndpoint: z
    .strictObject({
      latencyMs: distributionSchema.default(50),
      /** Probability a probe fails while the provider is fine (flaky health endpoint). */
      falseFailureRate: probability.default(0),
    })
    .default({ latencyMs: 50, falseFailureRate: 0 }),
  incidents: z.array(incidentSchema).default([]),
  priceChanges: z
    .array(
      z.strictObject({
        atS: nonNegative,
        model: z.string(),
        inputUsdPerMTok: nonNegative.optional(),
        outputUsdPerMTok: nonNegative.optional(),
        cachedInputUsdPerMTok: nonNegative.optional(),
      }),
    )
    .default([]),
  // Routing attributes (the seed's per-provider keys).
  weight: positive.default(1),
  costMultiplier: positive.default(1),
  performanceBonus: z.number().finite().default(0),
  priority: z.number().int().nonnegative().default(0),
  /** KV prefix cache fed by the requests' prefix hashes (trace replay); absent = no cache. */
  prefixCache: prefixCacheSchema.optional(),
  /** Live gateway only: the provider's real endpoint (`routesim gateway`). */
  endpoint: endpointSchema.optional(),
});

const arrivalsSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('poisson'), ratePerS: positive }),
  z.strictObject({
    kind: z.literal('piecewise'),
    /** Rate holds from the previous segment's end until `untilS`; the last one holds to the horizon. */
    segments: z.array(z.strictObject({ untilS: positive, ratePerS: nonNegative })).min(1),
  }),
  z.strictObject({
    kind: z.literal('diurnal'),
    meanRatePerS: positive,
    /** Relative swing: rate = mean × (1 + amplitude × sin(2π(t − phase)/period)). */
    amplitude: z.number().finite().min(0).max(1).default(0.5),
    periodS: positive.default(86_400),
    phaseS: z.number().finite().default(0),
  }),
  z.strictObject({
    kind: z.literal('bursty'),
    /** Markov-modulated Poisson process with a calm and a burst state. */
    calmRatePerS: nonNegative,
    burstRatePerS: positive,
    meanCalmS: positive,
    meanBurstS: positive,
  }),
]);

const weightsMap = z
  .record(z.string(), nonNegative)
  .refine((m) => Object.values(m).some((w) => w > 0), { message: 'weights must not all be 0' });

export const trafficSchema = z.strictObject({
  /** Synthetic arrivals; exactly one of arrivals, trace, servegen. */
  arrivals: arrivalsSchema.optional(),
  /** Replay a trace file (Azure, Mooncake, any CSV/JSONL); attributes it lacks come from the keys below. */
  trace: traceSchema.optional(),
  /** Arrivals and token lengths from ServeGen per-client statistics. */
  servegen: servegenSchema.optional(),
  inputTokens: distributionSchema.default(500),
  outputTokens: distributionSchema.default(200),
  qualityMix: z
    .strictObject({ low: nonNegative.default(0), medium: nonNegative.default(1), high: nonNegative.default(0) })
    .refine((m) => m.low + m.medium + m.high > 0, { message: 'qualityMix weights must not all be 0' })
    .default({ low: 0, medium: 1, high: 0 }),
  /**
   * Share of requests that are streamed (SSE), drawn per request from its own random stream.
   * Default 0: a request is streamed only when asked, so every scenario written before streams
   * existed keeps its results.
   */
  streamFraction: probability.default(0),
  /** Per-request budget in USD; absent means unlimited. */
  budgetUsd: distributionSchema.optional(),
  /** Prompt category mix for the classifier strategy. */
  categories: weightsMap.optional(),
  clients: z
    .strictObject({ count: z.number().int().positive().max(MAX_ZIPF_N).default(1000), zipfS: nonNegative.default(1.1) })
    .default({ count: 1000, zipfS: 1.1 }),
  tenants: weightsMap.optional(),
  /** Per-request answer-quality ground truth (RouteLLM evaluation data) for quality-aware routing. */
  quality: qualityTrafficSchema.optional(),
}).superRefine((t, ctx) => {
  const given = (['arrivals', 'trace', 'servegen'] as const).filter((k) => t[k] !== undefined);
  if (given.length !== 1) {
    const message = given.length === 0 ? 'needs one of arrivals, trace or servegen' : `give only one of arrivals, trace, servegen (got ${given.join(' and ')})`;
    ctx.addIssue({ code: 'custom', path: given.length === 0 ? [] : [given[1]], message });
  }
});

export const metricsSchema = z
  .strictObject({
    /** Width of time-series buckets (charts, uptime), seconds. */
    bucketS: positive.default(60),
    /** A minute counts as "up" when its success rate is at least this. */
    sloSuccessRate: probability.default(0.99),
    /** Requests arriving before this are simulated but not measured. */
    warmupS: nonNegative.default(0),
    /** Relative accuracy of latency quantiles (streaming sketch), held over a 1e12 range of values at any allowed setting. */
    quantileRelativeError: z.number().finite().min(0.0001).max(0.1).default(0.01),
    /** A request "meets the latency target" when it succeeds within this, ms (SLO attainment). */
    latencyTargetMs: positive.default(10_000),
    /**
     * What a failed request cost its user, ms, in latency counted over all requests (a failure
     * counts at the larger of this and its own latency). Default: the router's deadline.
     */
    failurePenaltyMs: positive.optional(),
    /** A strategy whose success rate is below this is never Pareto-optimal. Default: sloSuccessRate. */
    availabilityFloor: probability.optional(),
  })
  .default({ bucketS: 60, sloSuccessRate: 0.99, warmupS: 0, quantileRelativeError: 0.01, latencyTargetMs: 10_000 });

/**
 * Claims to verify against a baseline (the seed's "40% faster, 30% cheaper, 99.9% uptime").
 * `compare` runs the routed strategy on the full scenario and the baseline strategy on a copy
 * restricted to `baselineProviders`, on the same seeds, and reports a verdict per claim.
 */
export const claimsSchema = z.strictObject({
  baselineProviders: z.array(z.string().min(1)).min(1),
  baselineStrategy: z.string().min(1).default('cost'),
  routedStrategy: z.string().min(1),
  /** Relative reduction of mean end-to-end latency the claim promises (0.4 = 40%). */
  responseTimeImprovement: z.number().finite().min(0).max(1).optional(),
  /** Relative reduction of cost per successful request. */
  costReduction: z.number().finite().min(0).max(1).optional(),
  /** Request success rate the claim promises (0.999 = "99.9% uptime"). */
  successRate: probability.optional(),
});

/**
 * Simulated time runs in milliseconds as a double: 1e308 s overflowed to an infinite horizon
 * (the piecewise estimate became NaN and the run never ended), and far beyond a few decades a
 * millisecond is below the clock's resolution, so timers stop advancing it. 1e9 s is 31 years.
 */
export const MAX_DURATION_S = 1e9;

/** Replications beyond this add nothing an interval can show and would only run for days. */
export const MAX_REPLICATIONS = 10_000;

/**
 * Time-series buckets a run may report (durationS / bucketS): each is a row of the summary,
 * the CSV and the charts, so a tiny bucketS over a long run would exhaust memory.
 */
export const MAX_TIME_BUCKETS = 100_000;

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1),
    description: z.string().default(''),
    seed: z.union([z.number().int(), z.string()]).default(1),
    durationS: positive.max(MAX_DURATION_S),
    traffic: trafficSchema,
    providers: z.array(providerSchema).min(1),
    router: routerSchema.prefault({}),
    metrics: metricsSchema,
    /** Replications for `compare` when --replications is not given. */
    replications: z.number().int().positive().max(MAX_REPLICATIONS).default(5),
    claims: claimsSchema.optional(),
    /**
     * Named configurations to compare with `routesim compare --variants`: each maps override
     * paths of router and provider settings (`router.circuitBreaker`, `providers.fast.weight`)
     * to values. The traffic section cannot vary (variants share arrivals: common random numbers).
     */
    variants: z.record(z.string().min(1), z.record(z.string(), z.unknown())).optional(),
    /** Price tables for models with `pricing:`, and the calendar instant of simulated second 0. */
    pricingSources: pricingSourcesSchema.optional(),
    pricingStartDate: pricingStartDateSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const buckets = Math.ceil(s.durationS / s.metrics.bucketS);
    if (buckets > MAX_TIME_BUCKETS) {
      const exactS = s.durationS / MAX_TIME_BUCKETS;
      const stepS = 10 ** (Math.floor(Math.log10(exactS)) - 2); // rounded up to 3 significant digits
      const minBucketS = Number((Math.ceil(exactS / stepS) * stepS).toPrecision(3));
      ctx.addIssue({
        code: 'custom',
        path: ['metrics', 'bucketS'],
        message: `makes ${buckets.toLocaleString('en-US')} time-series buckets over durationS ${s.durationS}, more than the ${MAX_TIME_BUCKETS.toLocaleString('en-US')} a run keeps; use bucketS >= ${minBucketS}`,
      });
    }
    checkBudgetTargets(s.router.budgets, s.providers, ctx);
    const ids = new Set(s.providers.map((p) => p.id));
    s.claims?.baselineProviders.forEach((id, i) => {
      if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['claims', 'baselineProviders', i], message: `unknown provider '${id}' (providers: ${[...ids].join(', ')})` });
    });
    const seen = new Set<string>();
    s.providers.forEach((p, i) => {
      if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['providers', i, 'id'], message: `duplicate provider id '${p.id}'` });
      seen.add(p.id);
      const models = new Set<string>();
      p.models.forEach((m, j) => {
        if (models.has(m.id)) ctx.addIssue({ code: 'custom', path: ['providers', i, 'models', j, 'id'], message: `duplicate model id '${m.id}'` });
        models.add(m.id);
      });
      // A model id that is not the provider's would silently do nothing: refused, wherever it is named.
      const unknownModel = (path: (string | number)[], model: string) => {
        if (!models.has(model)) ctx.addIssue({ code: 'custom', path: ['providers', i, ...path], message: `unknown model '${model}'${suggestionSuffix(model, models)} (models: ${[...models].join(', ')})` });
      };
      p.priceChanges.forEach((c, j) => unknownModel(['priceChanges', j, 'model'], c.model));
      p.incidents.forEach((inc, j) => inc.models?.forEach((m, k) => unknownModel(['incidents', j, 'models', k], m)));
    });
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type ProviderSpec = Scenario['providers'][number];
export type IncidentSpec = ProviderSpec['incidents'][number];
export type TrafficSpec = Scenario['traffic'];
export type ArrivalsSpec = NonNullable<TrafficSpec['arrivals']>;
export type MetricsSpec = Scenario['metrics'];
export type ClaimsSpec = NonNullable<Scenario['claims']>;
