import { z } from 'zod';
import { suggestionSuffix } from '../core/did-you-mean.js';

/**
 * The router's spending and fairness policies (issue 20, part A): budgets, per-tenant limits
 * and OpenRouter-style selection constraints. Every key defaults to off, so a scenario that
 * does not name them routes exactly as before. Kept apart from router-schema.ts (one spread
 * there) so the policies of the other part can grow beside them without conflicts.
 */
const positive = z.number().finite().positive();

/** Fixed windows aligned to time 0 (the run's start; epoch 0 live). A month is 30 days. */
export const POLICY_WINDOW_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000, month: 2_592_000_000 } as const;
export type PolicyWindow = keyof typeof POLICY_WINDOW_MS;
const windowSchema = z.enum(['minute', 'hour', 'day', 'month']);

export const budgetSchema = z.strictObject({
  /** Name in reports and --explain; default `<scope>:<match>`. */
  name: z.string().min(1).optional(),
  /**
   * What the budget covers. deployment ("provider/model"), provider and model budgets take an
   * exhausted deployment out of the pool before the strategy picks; tenant and tag (the
   * request's category) budgets refuse the requests they cover.
   */
  scope: z.enum(['deployment', 'provider', 'model', 'tenant', 'tag']),
  /** The id the scope is matched against. */
  match: z.string().min(1),
  /** Spend allowed per window: what the providers billed the attempts, as the router learns it. */
  limitUsd: positive,
  window: windowSchema.default('day'),
});

export const tenantLimitSchema = z.strictObject({
  window: windowSchema.default('minute'),
  requests: z.number().int().positive().optional(),
  inputTokens: positive.optional(),
  outputTokens: positive.optional(),
  totalTokens: positive.optional(),
  costUsd: positive.optional(),
});

export const tenantLimitsSchema = z.strictObject({
  /** Limits of every tenant not named in `tenants` (requests without a tenant are never limited). */
  default: tenantLimitSchema.optional(),
  tenants: z.record(z.string(), tenantLimitSchema).default({}),
});

export const selectionSchema = z.strictObject({
  /** Leave out deployments whose expected price for this request (its prompt and expected output tokens) is above this. */
  maxPriceUsdPerRequest: positive.optional(),
  /** Leave out deployments priced above these per million prompt / output tokens (OpenRouter's max_price), cost multiplier included. */
  maxInputUsdPerMTok: z.number().finite().nonnegative().optional(),
  maxOutputUsdPerMTok: z.number().finite().nonnegative().optional(),
  /** Leave out deployments whose measured output throughput at `throughputPercentile` is below this. */
  minThroughputTokensPerS: positive.optional(),
  /** Percentile of recent per-request throughputs compared (50 = median; low percentiles ask for a slow tail above the floor). */
  throughputPercentile: z.number().finite().min(1).max(99).default(50),
  /** Successful attempts measured per deployment before the throughput floor applies to it. */
  minThroughputSamples: z.number().int().positive().max(10_000).default(20),
  /** Keep only the best deployments by this key (ties kept; the strategy picks among them); retries go down the order. 'none': the strategy alone picks. */
  sort: z.enum(['none', 'price', 'throughput', 'latency']).default('none'),
});

/** Spread into the router section (router-schema.ts). */
export const budgetPolicyKeys = {
  budgets: z.array(budgetSchema).default([]),
  tenantLimits: z.union([z.literal(false), tenantLimitsSchema]).default(false),
  selection: z.union([z.literal(false), selectionSchema]).default(false),
};

export type BudgetConfig = z.output<typeof budgetSchema>;
export type TenantLimitConfig = z.output<typeof tenantLimitSchema>;
export type TenantLimitsConfig = z.output<typeof tenantLimitsSchema>;
export type SelectionConfig = z.output<typeof selectionSchema>;

/** A budget's display name. */
export function budgetName(b: BudgetConfig): string {
  return b.name ?? `${b.scope}:${b.match}`;
}

interface IssueSink {
  addIssue(issue: { code: 'custom'; path: (string | number)[]; message: string }): void;
}

/**
 * A deployment, provider or model budget naming nothing the scenario has would silently never
 * apply: refused at its `match`, with what exists.
 */
export function checkBudgetTargets(
  budgets: readonly BudgetConfig[],
  providers: readonly { readonly id: string; readonly models: readonly { readonly id: string }[] }[],
  ctx: IssueSink,
): void {
  const known: Record<string, Set<string>> = {
    provider: new Set(providers.map((p) => p.id)),
    model: new Set(providers.flatMap((p) => p.models.map((m) => m.id))),
    deployment: new Set(providers.flatMap((p) => p.models.map((m) => `${p.id}/${m.id}`))),
  };
  budgets.forEach((b, i) => {
    const ids = known[b.scope];
    if (ids !== undefined && !ids.has(b.match)) {
      ctx.addIssue({ code: 'custom', path: ['router', 'budgets', i, 'match'], message: `unknown ${b.scope} '${b.match}'${suggestionSuffix(b.match, ids)} (${b.scope}s: ${[...ids].join(', ')})` });
    }
  });
}
