import { z } from 'zod';
import { didYouMean, suggestionText } from '../core/did-you-mean.js';
import { MAX_WINDOW_SIZE } from '../routing/stats/ring-window.js';
import { nativeRouterSchema } from './router-schema.js';
import type { Scenario } from './scenario-schema.js';
import type { ExplainedIssue } from './zod-issues.js';
import { isPlainObject } from '../core/is-plain-object.js';

/**
 * The seed's `routing_config.yaml` (keys `routing`, `providers`, `load_balancing`,
 * `monitoring`) accepted unedited as a scenario's `router:` section, and its mapping onto the
 * native router config and the scenario's providers. The loader recognises the seed shape by
 * a `routing` key inside `router`.
 *
 * | seed key                               | native result                                                    |
 * |----------------------------------------|------------------------------------------------------------------|
 * | routing.strategy: cost                 | router.strategy 'cost'                                           |
 * | routing.strategy: performance          | router.strategy 'performance'                                    |
 * | routing.strategy: load_balance         | router.strategy = load_balancing.algorithm in kebab-case         |
 * | routing.strategy: hybrid               | router.strategy 'hybrid', params.loadBalancer = the algorithm    |
 * | routing.strategy: adaptive             | router.strategy 'adaptive' (the seed's DynamicLoadBalancer)      |
 * | routing.health_check_interval (s)      | router.activeHealthCheck.intervalMs = seconds × 1000 (default 30)|
 * | routing.failover_threshold             | router.activeHealthCheck.unhealthyThreshold (default 2)          |
 * | routing.recovery_threshold             | router.activeHealthCheck.healthyThreshold (default 3)            |
 * | load_balancing.algorithm               | round_robin → 'round-robin', weighted_round_robin →              |
 * |                                        | 'weighted-round-robin', least_connections → 'least-connections', |
 * |                                        | least_response_time → 'least-response-time', ip_hash →          |
 * |                                        | 'ip-hash', adaptive → 'adaptive' (default round_robin, the seed's)|
 * | load_balancing.adaptation_rate         | the adaptive strategy's `rate` param: params.rate (strategy      |
 * |                                        | adaptive) or params.loadBalancerParams.rate (hybrid whose load   |
 * |                                        | balancer is adaptive); ignored otherwise (nothing adapts)        |
 * | load_balancing.history_size            | router.historySize                                               |
 * | providers.<id>.weight                  | providers[id].weight                                             |
 * | providers.<id>.cost_multiplier         | providers[id].costMultiplier                                     |
 * | providers.<id>.performance_bonus       | providers[id].performanceBonus                                   |
 * | providers.<id>.models                  | providers[id].models keeps only these ids (scenario order); price|
 * |                                        | changes of dropped models are dropped, incidents' model lists are|
 * |                                        | filtered and an incident left with none is dropped               |
 * | monitoring.alert_threshold             | metrics.sloSuccessRate, unless the scenario's metrics set it     |
 * | monitoring.enabled: false              | alert_threshold is not applied                                   |
 * | monitoring.metrics_retention_days      | ignored (a run keeps all of its metrics)                         |
 *
 * A provider id that is not in the scenario, or a model id the provider does not have, is an
 * error. Scenario providers the seed section does not list keep their own settings. Native
 * router keys (retries, circuitBreaker, ...) may sit next to the seed keys and win over the
 * mapping; `params` and `activeHealthCheck` objects are merged key by key, the native value
 * winning.
 */

const positive = z.number().finite().positive();
const probability = z.number().finite().min(0).max(1);

const ALGORITHMS = {
  round_robin: 'round-robin',
  weighted_round_robin: 'weighted-round-robin',
  least_connections: 'least-connections',
  least_response_time: 'least-response-time',
  ip_hash: 'ip-hash',
  adaptive: 'adaptive',
} as const;
type SeedAlgorithm = keyof typeof ALGORITHMS;

const seedAlgorithm = z.enum(Object.keys(ALGORITHMS) as [SeedAlgorithm, ...SeedAlgorithm[]]);

export const seedRoutingSchema = z.strictObject({
  strategy: z.enum(['cost', 'performance', 'load_balance', 'hybrid', 'adaptive']),
  /** Seconds between active health probes (the seed's HealthChecker default: 30). */
  health_check_interval: positive.default(30),
  failover_threshold: z.number().int().positive().default(2),
  recovery_threshold: z.number().int().positive().default(3),
});

export const seedProviderSchema = z.strictObject({
  weight: positive.optional(),
  cost_multiplier: positive.optional(),
  performance_bonus: z.number().finite().optional(),
  models: z.array(z.string().min(1)).min(1).optional(),
});

export const seedLoadBalancingSchema = z.strictObject({
  algorithm: seedAlgorithm.default('round_robin'),
  adaptation_rate: z.number().finite().gt(0).max(1).optional(),
  history_size: z.number().int().positive().max(MAX_WINDOW_SIZE).optional(),
});

export const seedMonitoringSchema = z.strictObject({
  enabled: z.boolean().default(true),
  metrics_retention_days: positive.optional(),
  alert_threshold: probability.optional(),
});

const NATIVE_KEYS = Object.keys(nativeRouterSchema.shape);

/** Native router keys pass through here and are validated by the scenario schema after mapping. */
const nativePassThrough = Object.fromEntries(NATIVE_KEYS.map((k) => [k, z.unknown().optional()])) as Record<
  string,
  z.ZodOptional<z.ZodUnknown>
>;

export const seedRouterConfigSchema = z.strictObject({
  ...nativePassThrough,
  routing: seedRoutingSchema,
  providers: z.record(z.string(), seedProviderSchema).default({}),
  load_balancing: seedLoadBalancingSchema.optional(),
  monitoring: seedMonitoringSchema.optional(),
});

export type SeedRouterConfig = z.output<typeof seedRouterConfigSchema>;
export type SeedProviderConfig = z.output<typeof seedProviderSchema>;

/** Whether a raw `router:` value is written in the seed's shape. */
export function isSeedRouterConfig(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.prototype.hasOwnProperty.call(raw, 'routing');
}

type StrategyMapping = (lb: string, rate: number | undefined) => { strategy: string; params: Record<string, unknown> };

const rateParams = (rate: number | undefined) => (rate === undefined ? {} : { rate });

const STRATEGIES: Record<SeedRouterConfig['routing']['strategy'], StrategyMapping> = {
  cost: () => ({ strategy: 'cost', params: {} }),
  performance: () => ({ strategy: 'performance', params: {} }),
  load_balance: (lb, rate) => ({ strategy: lb, params: lb === 'adaptive' ? rateParams(rate) : {} }),
  hybrid: (lb, rate) => ({
    strategy: 'hybrid',
    params: { loadBalancer: lb, ...(lb === 'adaptive' && rate !== undefined ? { loadBalancerParams: { rate } } : {}) },
  }),
  adaptive: (_lb, rate) => ({ strategy: 'adaptive', params: rateParams(rate) }),
};


/**
 * The native router input (to be validated by the scenario schema) for a validated seed
 * section; `raw` is the section as written, for the native keys next to the seed keys.
 */
export function seedToNativeRouter(seed: SeedRouterConfig, raw: Record<string, unknown>): Record<string, unknown> {
  const lb = ALGORITHMS[seed.load_balancing?.algorithm ?? 'round_robin'];
  const { strategy, params } = STRATEGIES[seed.routing.strategy](lb, seed.load_balancing?.adaptation_rate);
  const router: Record<string, unknown> = {
    strategy,
    params,
    activeHealthCheck: {
      intervalMs: seed.routing.health_check_interval * 1000,
      unhealthyThreshold: seed.routing.failover_threshold,
      healthyThreshold: seed.routing.recovery_threshold,
    },
  };
  if (seed.load_balancing?.history_size !== undefined) router.historySize = seed.load_balancing.history_size;
  for (const key of NATIVE_KEYS) {
    if (!Object.prototype.hasOwnProperty.call(raw, key)) continue;
    const mine = raw[key];
    const derived = router[key];
    router[key] = isPlainObject(mine) && isPlainObject(derived) ? { ...derived, ...mine } : mine;
  }
  return router;
}

/**
 * Applies the seed's per-provider settings and alert threshold to a parsed scenario. Returns
 * the new scenario, or issues for provider / model ids the scenario does not have.
 * `metricsSetSlo` says whether the scenario file set metrics.sloSuccessRate itself.
 */
export function applySeedToScenario(
  scenario: Scenario,
  seed: SeedRouterConfig,
  metricsSetSlo: boolean,
): { scenario: Scenario; issues: ExplainedIssue[] } {
  const issues: ExplainedIssue[] = [];
  const ids = scenario.providers.map((p) => p.id);
  const byId = new Map<string, SeedProviderConfig>();
  for (const [name, cfg] of Object.entries(seed.providers)) {
    if (ids.includes(name)) byId.set(name, cfg);
    else {
      const s = didYouMean(name, ids);
      issues.push({
        path: ['router', 'providers', name],
        atKey: true,
        message: `unknown provider '${name}'${suggestionText(s)} (scenario providers: ${ids.join(', ')})`,
      });
    }
  }
  const providers = scenario.providers.map((p) => {
    const cfg = byId.get(p.id);
    if (cfg === undefined) return p;
    const known = p.models.map((m) => m.id);
    cfg.models?.forEach((m, i) => {
      if (known.includes(m)) return;
      const s = didYouMean(m, known);
      issues.push({
        path: ['router', 'providers', p.id, 'models', i],
        message: `unknown model '${m}' for provider '${p.id}'${suggestionText(s)} (its models: ${known.join(', ')})`,
      });
    });
    const keep = new Set(cfg.models ?? known);
    return {
      ...p,
      weight: cfg.weight ?? p.weight,
      costMultiplier: cfg.cost_multiplier ?? p.costMultiplier,
      performanceBonus: cfg.performance_bonus ?? p.performanceBonus,
      models: p.models.filter((m) => keep.has(m.id)),
      priceChanges: p.priceChanges.filter((c) => keep.has(c.model)),
      incidents: p.incidents.flatMap((inc) => {
        if (inc.models === undefined) return [inc];
        const models = inc.models.filter((m) => keep.has(m));
        return models.length > 0 ? [{ ...inc, models }] : [];
      }),
    };
  });
  const monitoring = seed.monitoring;
  const slo =
    monitoring && monitoring.enabled && monitoring.alert_threshold !== undefined && !metricsSetSlo
      ? monitoring.alert_threshold
      : scenario.metrics.sloSuccessRate;
  return { scenario: { ...scenario, providers, metrics: { ...scenario.metrics, sloSuccessRate: slo } }, issues };
}
