import type { RouteRequest, RouteResult } from '../routing/types.js';
import { jainIndex } from './jain-index.js';
import { QuantileSketch } from './quantile-sketch.js';
import type { TenantsRunSummary } from './run-summary.js';

class TenantCounts {
  requests = 0;
  succeeded = 0;
  refusedByBudget = 0;
  refusedByLimit = 0;
  costUsd = 0;
  readonly latency: QuantileSketch;

  constructor(relativeError: number, buckets: number) {
    this.latency = new QuantileSketch(relativeError, buckets);
  }
}

/**
 * Per-tenant success, latency and cost of the measured requests that carry a tenant, and two
 * Jain's fairness indices: over the tenants' success rates (served / sent: each tenant's share
 * of its own demand, so a small tenant served in full counts as much as a large one; an overload
 * that fails everyone alike is "fair" by it) and over the requests served (equal entitlement:
 * one tenant taking most of the capacity lowers it, whatever it asked for).
 */
export class TenantTally {
  private readonly byTenant = new Map<string, TenantCounts>();

  constructor(
    private readonly relativeError: number,
    /** Sketch buckets for the run's latency range (bucketsToCover), as the run's own sketches use. */
    private readonly buckets: number,
  ) {}

  onResult(req: RouteRequest, r: RouteResult): void {
    if (req.tenant === undefined) return;
    let t = this.byTenant.get(req.tenant);
    if (t === undefined) this.byTenant.set(req.tenant, (t = new TenantCounts(this.relativeError, this.buckets)));
    t.requests++;
    t.costUsd += r.costUsd;
    if (r.ok) {
      t.succeeded++;
      t.latency.add(r.latencyMs);
    } else if (r.failureReason === 'budget-exceeded') t.refusedByBudget++;
    else if (r.failureReason === 'tenant-limited') t.refusedByLimit++;
  }

  /** undefined when no measured request carried a tenant (the block is then left out). */
  summary(): TenantsRunSummary | undefined {
    if (this.byTenant.size === 0) return undefined;
    const perTenant = [...this.byTenant.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([tenant, t]) => {
        const q = (p: number) => (t.latency.count > 0 ? t.latency.quantile(p) : NaN);
        return {
          tenant,
          requests: t.requests,
          succeeded: t.succeeded,
          successRate: t.succeeded / t.requests,
          refusedByBudget: t.refusedByBudget,
          refusedByLimit: t.refusedByLimit,
          costUsd: t.costUsd,
          latencyMs: { mean: t.latency.count > 0 ? t.latency.mean : NaN, p50: q(0.5), p95: q(0.95), p99: q(0.99) },
        };
      });
    return {
      perTenant,
      jainIndexSuccessRate: jainIndex(perTenant.map((t) => t.successRate)),
      jainIndexServed: jainIndex(perTenant.map((t) => t.succeeded)),
    };
  }
}
