import { POLICY_WINDOW_MS, type TenantLimitConfig, type TenantLimitsConfig } from '../../config/budget-policies-schema.js';
import { ownEntry } from '../../core/own-entry.js';
import type { RouteRequest } from '../types.js';
import { WindowTotal } from './window-total.js';

/** The quantities a tenant limit counts. */
export const TENANT_LIMIT_KEYS = ['requests', 'inputTokens', 'outputTokens', 'totalTokens', 'costUsd'] as const;
export type TenantLimitKey = (typeof TENANT_LIMIT_KEYS)[number];

/** One tenant's usage in its current window. */
class TenantUsage {
  readonly totals: Record<TenantLimitKey, WindowTotal>;
  readonly windowMs: number;
  /** The latest time this usage was read or counted at. */
  lastMs = 0;

  constructor(readonly limit: TenantLimitConfig) {
    const windowMs = POLICY_WINDOW_MS[limit.window];
    this.windowMs = windowMs;
    this.totals = {
      requests: new WindowTotal(windowMs),
      inputTokens: new WindowTotal(windowMs),
      outputTokens: new WindowTotal(windowMs),
      totalTokens: new WindowTotal(windowMs),
      costUsd: new WindowTotal(windowMs),
    };
  }

  /** Every count is from a window that ended by `nowMs`: a fresh usage would read the same zeros. */
  staleAt(nowMs: number): boolean {
    return Math.floor(this.lastMs / this.windowMs) < Math.floor(nowMs / this.windowMs);
  }
}

/** Tenants tracked before the first sweep of stale ones; then twice what the last sweep kept. */
const FIRST_SWEEP_AT = 1024;

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
  /**
   * Limited tenants seen in their current window. Tenant names come from clients (a header, live),
   * so the map must not grow with every name ever sent: tenants without a limit are never stored,
   * and stale ones (nothing counted in the current window) are swept when the map doubles — exact,
   * since a fresh usage reads the same zeros.
   */
  private readonly usage = new Map<string, TenantUsage>();
  private sweepAt = FIRST_SWEEP_AT;

  constructor(private readonly config: TenantLimitsConfig) {}

  /** The limit that refuses this request now ('requests', 'costUsd', ...), or undefined: admitted and counted. */
  admit(req: RouteRequest, nowMs: number): TenantLimitKey | undefined {
    const u = this.usageOf(req.tenant, nowMs);
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
    if (costUsd > 0) this.usageOf(req.tenant, nowMs)?.totals.costUsd.add(costUsd, nowMs);
  }

  /** An admitted request ended now with `outputTokens` answered. */
  answered(req: RouteRequest, outputTokens: number, nowMs: number): void {
    if (!(outputTokens > 0)) return;
    const u = this.usageOf(req.tenant, nowMs);
    if (u === undefined) return;
    u.totals.outputTokens.add(outputTokens, nowMs);
    u.totals.totalTokens.add(outputTokens, nowMs);
  }

  /** A tenant's usage of `key` in the window holding `nowMs` (0 for an unlimited tenant). */
  usedAt(tenant: string | undefined, key: TenantLimitKey, nowMs: number): number {
    return this.usageOf(tenant, nowMs)?.totals[key].valueAt(nowMs) ?? 0;
  }

  /** Tenants whose usage is held now (limited tenants seen since the last sweep). */
  get trackedTenants(): number {
    return this.usage.size;
  }

  private usageOf(tenant: string | undefined, nowMs: number): TenantUsage | undefined {
    if (tenant === undefined) return undefined;
    let u = this.usage.get(tenant);
    if (u === undefined) {
      const limit = ownEntry(this.config.tenants, tenant) ?? this.config.default;
      if (limit === undefined) return undefined;
      if (this.usage.size >= this.sweepAt) this.sweep(nowMs);
      u = new TenantUsage(limit);
      this.usage.set(tenant, u);
    }
    u.lastMs = Math.max(u.lastMs, nowMs);
    return u;
  }

  private sweep(nowMs: number): void {
    for (const [tenant, u] of this.usage) if (u.staleAt(nowMs)) this.usage.delete(tenant);
    this.sweepAt = Math.max(FIRST_SWEEP_AT, 2 * this.usage.size);
  }
}
