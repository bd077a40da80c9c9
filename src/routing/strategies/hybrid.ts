import { z } from 'zod';
import type { AttemptOutcome, Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { healthyOnly, untriedOrAll } from './candidate-pool.js';
import { StrategyParamsError, UnknownStrategyError } from './errors.js';
import type { StrategyDefinition, StrategyEnv } from './strategy-definition.js';
import { appendAll } from '../../core/bulk-array.js';

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
  /** The healthy members of the last pool array at its health version: the same array each time, so the performance stage's index keeps. */
  private healthyOf: readonly Candidate[] | undefined;
  private healthyAt: number | undefined;
  private healthy: readonly Candidate[] = [];

  constructor(
    private readonly cost: Strategy,
    private readonly performance: Strategy,
    private readonly loadBalancer: Strategy,
  ) {}

  pick(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const pool = untriedOrAll(candidates, ctx);
    const cheap = this.cost.pick(req, pool, ctx);
    if (cheap === undefined || cheap.health === 'healthy') return cheap;
    const healthy = this.healthyIn(pool, ctx.healthVersion);
    const performer = healthy.length > 0 ? this.performance.pick(req, healthy, ctx) : undefined;
    return performer ?? this.loadBalancer.pick(req, pool, ctx);
  }

  /**
   * `healthyOnly(pool)`, kept per pool array and health version (the router bumps the version
   * whenever a flag changes in place); without a version the flags may have changed since, so
   * it is worked out afresh.
   */
  private healthyIn(pool: readonly Candidate[], healthVersion: number | undefined): readonly Candidate[] {
    if (healthVersion !== undefined && pool === this.healthyOf && healthVersion === this.healthyAt) return this.healthy;
    const healthy = healthyOnly(pool);
    if (healthVersion !== undefined) [this.healthyOf, this.healthyAt, this.healthy] = [pool, healthVersion, healthy];
    return healthy;
  }

  observe(deploymentId: string, outcome: AttemptOutcome, nowMs: number): void {
    this.cost.observe?.(deploymentId, outcome, nowMs);
    this.performance.observe?.(deploymentId, outcome, nowMs);
    this.loadBalancer.observe?.(deploymentId, outcome, nowMs);
  }

  pricesChanged(): void {
    this.cost.pricesChanged?.();
    this.performance.pricesChanged?.();
    this.loadBalancer.pricesChanged?.();
  }

  /** The first stage's scores: estimated request cost, USD. */
  explain(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Record<string, number> {
    return this.cost.explain?.(req, candidates, ctx) ?? {};
  }
}

/** One composed stage: which strategy, its raw params, and where both live in hybrid's params. */
interface Stage {
  readonly strategy: string;
  readonly rawParams: unknown;
  /** Param that names the strategy ('' when fixed), and param that holds its params. */
  readonly nameKey: string;
  readonly paramsKey: string;
}

function stagesOf(params: HybridParams): [Stage, Stage, Stage] {
  return [
    { strategy: 'cost', rawParams: params.cost, nameKey: '', paramsKey: 'cost' },
    { strategy: 'performance', rawParams: params.performance, nameKey: '', paramsKey: 'performance' },
    {
      strategy: params.loadBalancer,
      rawParams: params.loadBalancerParams,
      nameKey: 'loadBalancer',
      paramsKey: 'loadBalancerParams',
    },
  ];
}

/** The registry as hybrid needs it; passed in so hybrid.ts does not import the registry. */
export interface StrategyLookup {
  /** Throws UnknownStrategyError for an unknown name. */
  definition(name: string): StrategyDefinition;
  create: StrategyFactory;
}

/**
 * Validates each stage's params against that stage's own schema, so a bad nested param is
 * reported by `validate` at load time with its full path (e.g. cost.tokensPerWord).
 */
function checkStages(lookup: StrategyLookup) {
  return (params: HybridParams, ctx: z.RefinementCtx): void => {
    for (const stage of stagesOf(params)) {
      let schema: z.ZodType;
      try {
        schema = lookup.definition(stage.strategy).paramsSchema;
      } catch (error) {
        if (!(error instanceof UnknownStrategyError)) throw error;
        ctx.addIssue({ code: 'custom', path: [stage.nameKey], message: error.message });
        continue;
      }
      const result = schema.safeParse(stage.rawParams);
      if (result.success) continue;
      for (const issue of result.error.issues) {
        const path: PropertyKey[] = [stage.paramsKey, ...issue.path];
        if (issue.code === 'unrecognized_keys') appendAll(path, issue.keys);
        ctx.addIssue({ code: 'custom', path, message: issue.message });
      }
    }
  };
}

/** Builds a stage, reporting its errors as errors in hybrid's own params (belt and braces). */
function createStage(create: StrategyFactory, stage: Stage, env: StrategyEnv): Strategy {
  try {
    return create(stage.strategy, stage.rawParams, env);
  } catch (error) {
    if (error instanceof StrategyParamsError) {
      const path = error.path === '' ? stage.paramsKey : `${stage.paramsKey}.${error.path}`;
      throw new StrategyParamsError(HYBRID, path, error.detail);
    }
    if (error instanceof UnknownStrategyError) throw new StrategyParamsError(HYBRID, stage.nameKey, error.message);
    throw error;
  }
}

/** hybrid composes other strategies, so the registry hands it a lookup (no import cycle). */
export function createHybridDefinition(lookup: StrategyLookup): StrategyDefinition<HybridParams> {
  return {
    name: HYBRID,
    description: "Cost pick if healthy, else best performer among healthy, else a load balancer (the seed's cascade)",
    paramsSchema: hybridParamsSchema.superRefine(checkStages(lookup)),
    perPick: { cost: 'O(P)', why: "P = price points: its cost stage (see cost); when the cheapest is not healthy, the performance stage picks among the pool's healthy members, listed once per pool array and health version (O(log N)), and the load balancer over the pool costs what it costs alone; a retry's pool is filtered afresh, O(N)" },
    create: (params, env) => {
      const [cost, performance, loadBalancer] = stagesOf(params).map((stage) => createStage(lookup.create, stage, env));
      return new HybridStrategy(cost, performance, loadBalancer);
    },
  };
}
