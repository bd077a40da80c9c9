import { z } from 'zod';
import type { AttemptOutcome, Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { healthyOnly, untriedOrAll } from './candidate-pool.js';
import { StrategyParamsError, UnknownStrategyError } from './errors.js';
import type { StrategyDefinition, StrategyEnv } from './strategy-definition.js';

const HYBRID = 'hybrid';

export const hybridParamsSchema = z.strictObject({
  loadBalancer: z
    .string()
    .min(1)
    .refine((name) => name !== HYBRID, { message: 'hybrid cannot use itself as its load balancer' })
    .default('weighted-round-robin')
    .describe('Registered strategy used when no healthy candidate exists (third stage)'),
  loadBalancerParams: z
    .record(z.string(), z.unknown())
    .default({})
    .describe("Params of the load balancer, validated against that strategy's schema"),
  cost: z.record(z.string(), z.unknown()).default({}).describe("Params of the 'cost' stage"),
  performance: z.record(z.string(), z.unknown()).default({}).describe("Params of the 'performance' stage"),
});
export type HybridParams = z.output<typeof hybridParamsSchema>;

/** Creates a registered strategy by name; the registry passes its own `createStrategy`. */
export type StrategyFactory = (name: string, rawParams: unknown, env: StrategyEnv) => Strategy;

/**
 * The seed's route_request cascade: the cost pick if that deployment is 'healthy' (not
 * 'degraded'); else the performance pick among the healthy candidates; else (no healthy
 * candidate at all) the configured load balancer over every candidate. The stages are real
 * instances of the registered strategies, and every outcome is forwarded to all of them.
 */
export class HybridStrategy implements Strategy {
  readonly name = HYBRID;

  constructor(
    private readonly cost: Strategy,
    private readonly performance: Strategy,
    private readonly loadBalancer: Strategy,
  ) {}

  pick(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const pool = untriedOrAll(candidates, ctx.tried);
    const cheap = this.cost.pick(req, pool, ctx);
    if (cheap === undefined || cheap.health === 'healthy') return cheap;
    const healthy = healthyOnly(pool);
    return (healthy.length > 0 ? this.performance.pick(req, healthy, ctx) : undefined) ?? this.loadBalancer.pick(req, pool, ctx);
  }

  observe(deploymentId: string, outcome: AttemptOutcome, nowMs: number): void {
    this.cost.observe?.(deploymentId, outcome, nowMs);
    this.performance.observe?.(deploymentId, outcome, nowMs);
    this.loadBalancer.observe?.(deploymentId, outcome, nowMs);
  }

  /** The first stage's scores: estimated request cost, USD. */
  explain(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Record<string, number> {
    return this.cost.explain?.(req, candidates, ctx) ?? {};
  }
}

/** Where a stage's name and params live in hybrid's own params, for error paths. */
interface StagePaths {
  readonly name: string;
  readonly params: string;
}

/** Builds a stage, reporting its errors as errors in hybrid's own params. */
function createStage(
  create: StrategyFactory,
  paths: StagePaths,
  name: string,
  raw: unknown,
  env: StrategyEnv,
): Strategy {
  try {
    return create(name, raw, env);
  } catch (error) {
    if (error instanceof StrategyParamsError) {
      const path = error.path === '' ? paths.params : `${paths.params}.${error.path}`;
      throw new StrategyParamsError(HYBRID, path, error.detail);
    }
    if (error instanceof UnknownStrategyError) throw new StrategyParamsError(HYBRID, paths.name, error.message);
    throw error;
  }
}

/** hybrid composes other strategies, so the registry hands it the factory (no import cycle). */
export function createHybridDefinition(create: StrategyFactory): StrategyDefinition<HybridParams> {
  return {
    name: HYBRID,
    description: "Cost pick if healthy, else best performer among healthy, else a load balancer (the seed's cascade)",
    paramsSchema: hybridParamsSchema,
    create: (params, env) =>
      new HybridStrategy(
        createStage(create, { name: 'cost', params: 'cost' }, 'cost', params.cost, env),
        createStage(create, { name: 'performance', params: 'performance' }, 'performance', params.performance, env),
        createStage(
          create,
          { name: 'loadBalancer', params: 'loadBalancerParams' },
          params.loadBalancer,
          params.loadBalancerParams,
          env,
        ),
      ),
  };
}
