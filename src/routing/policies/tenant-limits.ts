import { POLICY_WINDOW_MS, type TenantLimitConfig, type TenantLimitsConfig } from '../../config/budget-policies-schema.js';
import type { RouteRequest } from '../types.js';
import { WindowTotal } from './window-total.js';

/** The quantities a tenant limit counts. */
export const TENANT_LIMIT_KEYS = ['requests', 'inputTokens', 'outputTokens', 'totalTokens', 'costUsd'] as const;
export type TenantLimitKey = (typeof TENANT_LIMIT_KEYS)[number];

/** One tenant's usage in its current window. */
class TenantUsage {
  readonly totals: Record<TenantLimitKey, WindowTotal>;

  constructor(readonly limit: TenantLimitConfig) {
    const windowMs = POLICY_WINDOW_MS[limit.window];
    this.totals = {
      requests: new WindowTotal(windowMs),
      inputTokens: new WindowTotal(windowMs),
      outputTokens: new WindowTotal(windowMs),
      totalTokens: new WindowTotal(windowMs),
      costUsd: new WindowTotal(windowMs),
    };
  }
}

/**
 * Per-tenant limits on requests, input, output and total tokens and dollars per window, as
 * Envoy AI Gateway, Kong and Helicone enforce them per key or team: checked at the gateway,
 * before any routing. A request is refused when its tenant already used up a limit in this
 * window, or when what the request is known to add now (one request, its input tokens) would
 * go over. Requests and input tokens are counted when a request is admitted, so those limits
 * hold exactly in every window; output tokens and dollars are known only as answers arrive,
 * so a window can end above those limits by what the requests admitted before the limit was
 * reached still brought in (after that, nothing more is admitted in the window).
 */
export class TenantLimits {
  private readonly usage = new Map<string, TenantUsage | null>();

  constructor(private readonly config: TenantLimitsConfig) {}

  /** The limit that refuses this request now ('requests', 'costUsd', ...), or undefined: admitted and counted. */
  admit(req: RouteRequest, nowMs: number): TenantLimitKey | undefined {
    const u = this.usageOf(req.tenant);
    if (u === undefined) return undefined;
    const known: Record<TenantLimitKey, number> = { requests: 1, inputTokens: req.inputTokens, outputTokens: 0, totalTokens: req.inputTokens, costUsd: 0 };
    for (const key of TENANT_LIMIT_KEYS) {
      const limit = u.limit[key];
      if (limit === undefined) continue;
      const used = u.totals[key].valueAt(nowMs);
      if (used >= limit || used + known[key] > limit) return key;
    }
    u.totals.requests.add(1, nowMs);
    u.totals.inputTokens.add(req.inputTokens, nowMs);
    u.totals.totalTokens.add(req.inputTokens, nowMs);
    return undefined;
  }

  /** An admitted request's attempt was billed `costUsd` now. */
  charge(req: RouteRequest, costUsd: number, nowMs: number): void {
    if (costUsd > 0) this.usageOf(req.tenant)?.totals.costUsd.add(costUsd, nowMs);
  }

  /** An admitted request ended now with `outputTokens` answered. */
  answered(req: RouteRequest, outputTokens: number, nowMs: number): void {
    const u = this.usageOf(req.tenant);
    if (u === undefined || !(outputTokens > 0)) return;
    u.totals.outputTokens.add(outputTokens, nowMs);
    u.totals.totalTokens.add(outputTokens, nowMs);
  }

  /** A tenant's usage of `key` in the window holding `nowMs` (0 for an unlimited tenant). */
  usedAt(tenant: string | undefined, key: TenantLimitKey, nowMs: number): number {
    return this.usageOf(tenant)?.totals[key].valueAt(nowMs) ?? 0;
  }

  private usageOf(tenant: string | undefined): TenantUsage | undefined {
    if (tenant === undefined) return undefined;
    let u = this.usage.get(tenant);
    if (u === undefined) {
      const limit = this.config.tenants[tenant] ?? this.config.default;
      u = limit === undefined ? null : new TenantUsage(limit);
      this.usage.set(tenant, u);
    }
    return u ?? undefined;
  }
}
