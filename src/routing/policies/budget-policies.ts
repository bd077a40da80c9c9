import type { Scheduler } from '../../core/ports.js';
import type { RouterConfig } from '../../config/router-schema.js';
import type { RemovedCandidate, RouterSlot } from '../candidate-partition.js';
import type { EventSink } from '../events.js';
import type { AttemptOutcome, Deployment, FailureReason, RouteRequest } from '../types.js';
import { removeWhere } from './pool-filter.js';
import { SelectionConstraints } from './selection-constraints.js';
import { SpendBudgets, type BudgetState } from './spend-budgets.js';
import { TenantLimits } from './tenant-limits.js';

/**
 * The router's spending and fairness policies as two stages around its existing ones: an
 * admission check before routing (tenant and tag budgets, per-tenant limits) and a deployment
 * filter composed after the health partition (deployment, provider and model budgets, then the
 * selection constraints). Built only when the scenario configures one of them, so the router's
 * path without policies is unchanged. Only the Scheduler port is used: the same decisions on
 * simulated and on wall-clock time.
 */
export class BudgetPolicies {
  /** Why the last `filter` left nothing ('no-provider' when it removed nothing). */
  emptyReason: FailureReason = 'no-provider';
  /** What the last explained `filter` removed, with why. */
  readonly removed: RemovedCandidate[] = [];
  private readonly budgets?: SpendBudgets;
  private readonly limits?: TenantLimits;
  private readonly selection?: SelectionConstraints;

  static create(config: RouterConfig, deployments: readonly Deployment[], scheduler: Scheduler, sink: EventSink): BudgetPolicies | undefined {
    const any = config.budgets.length > 0 || config.tenantLimits !== false || config.selection !== false;
    return any ? new BudgetPolicies(config, deployments, scheduler, sink) : undefined;
  }

  private constructor(config: RouterConfig, deployments: readonly Deployment[], scheduler: Scheduler, sink: EventSink) {
    if (config.budgets.length > 0) this.budgets = new SpendBudgets(config.budgets, deployments, scheduler, sink);
    if (config.tenantLimits !== false) this.limits = new TenantLimits(config.tenantLimits);
    if (config.selection !== false) this.selection = new SelectionConstraints(config.selection);
  }

  get budgetStates(): readonly BudgetState[] {
    return this.budgets?.states ?? [];
  }

  /** Refuses a request before routing ('budget-exceeded', 'tenant-limited'), or admits and counts it. */
  admit(req: RouteRequest, nowMs: number): FailureReason | undefined {
    if (this.budgets?.refusingBudget(req, nowMs) !== undefined) return 'budget-exceeded';
    if (this.limits?.admit(req, nowMs) !== undefined) return 'tenant-limited';
    return undefined;
  }

  /** The pool without deployments over budget or outside the constraints (a new array only when something is removed). */
  filter(pool: RouterSlot[], req: RouteRequest, nowMs: number, explain: boolean): RouterSlot[] {
    const removed = explain ? this.removed : undefined;
    this.removed.length = 0;
    let kept = pool;
    const budgets = this.budgets;
    if (budgets?.mayBlockDeployments === true) {
      kept = removeWhere(pool, (s) => {
        const by = budgets.blockingBudget(s.deployment.id, nowMs);
        return by === undefined ? undefined : `budget:${by}`;
      }, removed);
      if (kept.length === 0 && pool.length > 0) {
        this.emptyReason = 'budget-exceeded';
        return kept;
      }
    }
    if (this.selection !== undefined) {
      const before = kept.length;
      kept = this.selection.apply(kept, req, removed);
      if (kept.length === 0 && before > 0) {
        this.emptyReason = 'constraints-unmet';
        return kept;
      }
    }
    this.emptyReason = 'no-provider';
    return kept;
  }

  /** An attempt to `d` ended now with outcome `o` (its bill charged to budgets and tenant dollars). */
  attemptEnded(d: Deployment, req: RouteRequest, o: AttemptOutcome, nowMs: number): void {
    this.selection?.observe(d.id, o);
    this.budgets?.charge(d, req, o.costUsd, nowMs);
    this.limits?.charge(req, o.costUsd, nowMs);
  }

  /** An admitted request ended now with `outputTokens` answered. */
  requestEnded(req: RouteRequest, outputTokens: number, nowMs: number): void {
    this.limits?.answered(req, outputTokens, nowMs);
  }

  stop(): void {
    this.budgets?.stop();
  }
}
