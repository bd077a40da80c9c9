import type { Cancel, Scheduler } from '../../core/ports.js';
import { budgetName, POLICY_WINDOW_MS, type BudgetConfig } from '../../config/budget-policies-schema.js';
import type { EventSink } from '../events.js';
import type { Deployment, RouteRequest } from '../types.js';
import { WindowTotal } from './window-total.js';

/** When a budget ran out: the window it ran out in and the moment, ms. */
export interface BudgetExhaustion {
  readonly windowStartMs: number;
  readonly atMs: number;
  /** Spend in the window when it ran out (the limit, plus the attempt that crossed it). */
  readonly spentUsd: number;
}

/** One budget's state and history over a run. */
export interface BudgetState {
  readonly name: string;
  readonly config: BudgetConfig;
  readonly windowMs: number;
  /** Spend over the whole run, every window. */
  readonly totalSpentUsd: number;
  readonly exhaustions: readonly BudgetExhaustion[];
}

class Budget implements BudgetState {
  readonly name: string;
  readonly windowMs: number;
  readonly window: WindowTotal;
  totalSpentUsd = 0;
  readonly exhaustions: BudgetExhaustion[] = [];
  /** The window start of the exhaustion not yet restored (NaN: not exhausted). */
  exhaustedWindowStartMs = NaN;
  restoreCancel: Cancel | undefined;

  constructor(readonly config: BudgetConfig) {
    this.name = budgetName(config);
    this.windowMs = POLICY_WINDOW_MS[config.window];
    this.window = new WindowTotal(this.windowMs);
  }

  isExhausted(nowMs: number): boolean {
    return this.window.valueAt(nowMs) >= this.config.limitUsd;
  }
}

function coversDeployment(b: BudgetConfig, d: Deployment): boolean {
  switch (b.scope) {
    case 'deployment':
      return d.id === b.match;
    case 'provider':
      return d.providerId === b.match;
    case 'model':
      return d.modelId === b.match;
    default:
      return false;
  }
}

function coversRequest(b: BudgetConfig, req: RouteRequest): boolean {
  return (b.scope === 'tenant' && req.tenant === b.match) || (b.scope === 'tag' && req.category === b.match);
}

/**
 * Spend budgets per deployment, provider, model, tenant and tag over fixed windows (LiteLLM's
 * provider and tag budgets, Bifrost's budget hierarchy). Every billed attempt is charged to
 * each budget that covers its deployment or its request. A deployment under an exhausted
 * budget is left out of the pool (`blockingBudget`), a request under one is refused
 * (`refusingBudget`); both hold until the window ends. The spend that crosses the limit is the
 * spend of attempts already in flight when it ran out: nothing new is sent under it.
 *
 * Exhaustion is announced as a 'budget.exhausted' event and, for each deployment it takes out,
 * as a health change of source 'budget' (back in at the window's end, by a Scheduler timer).
 */
export class SpendBudgets {
  private readonly budgets: Budget[];
  private readonly byDeployment = new Map<string, Budget[]>();
  private readonly requestBudgets: Budget[];
  /**
   * Deployment budgets exhausted and not yet restored (their window-end timer pending). While
   * none is, no deployment can be blocked, and the router skips the per-deployment check.
   */
  private exhaustedDeploymentBudgets = 0;

  constructor(
    configs: readonly BudgetConfig[],
    private readonly deployments: readonly Deployment[],
    private readonly scheduler: Scheduler,
    private readonly sink: EventSink,
  ) {
    this.budgets = configs.map((c) => new Budget(c));
    for (const d of deployments) {
      const covering = this.budgets.filter((b) => coversDeployment(b.config, d));
      if (covering.length > 0) this.byDeployment.set(d.id, covering);
    }
    this.requestBudgets = this.budgets.filter((b) => b.config.scope === 'tenant' || b.config.scope === 'tag');
  }

  get states(): readonly BudgetState[] {
    return this.budgets;
  }

  /** Can some deployment be over budget now? (False: every pool passes whole, without a check per deployment.) */
  get mayBlockDeployments(): boolean {
    return this.exhaustedDeploymentBudgets > 0;
  }

  /** The exhausted tenant or tag budget that refuses this request, if any. */
  refusingBudget(req: RouteRequest, nowMs: number): string | undefined {
    for (const b of this.requestBudgets) if (coversRequest(b.config, req) && b.isExhausted(nowMs)) return b.name;
    return undefined;
  }

  /** The exhausted budget that keeps this deployment out of the pool, if any. */
  blockingBudget(deploymentId: string, nowMs: number): string | undefined {
    const covering = this.byDeployment.get(deploymentId);
    if (covering === undefined) return undefined;
    for (const b of covering) if (b.isExhausted(nowMs)) return b.name;
    return undefined;
  }

  /** An attempt to `d` for `req` was billed `costUsd` now. */
  charge(d: Deployment, req: RouteRequest, costUsd: number, nowMs: number): void {
    if (!(costUsd > 0)) return;
    const covering = this.byDeployment.get(d.id);
    if (covering !== undefined) for (const b of covering) this.chargeOne(b, costUsd, nowMs);
    for (const b of this.requestBudgets) if (coversRequest(b.config, req)) this.chargeOne(b, costUsd, nowMs);
  }

  /** Cancels the timers that would announce budgets' windows ending. */
  stop(): void {
    for (const b of this.budgets) {
      b.restoreCancel?.();
      b.restoreCancel = undefined;
    }
  }

  private chargeOne(b: Budget, costUsd: number, nowMs: number): void {
    const before = b.window.valueAt(nowMs);
    const after = b.window.add(costUsd, nowMs);
    b.totalSpentUsd += costUsd;
    if (before >= b.config.limitUsd || after < b.config.limitUsd) return;
    const windowStartMs = b.window.windowStartMs(nowMs);
    b.exhaustions.push({ windowStartMs, atMs: nowMs, spentUsd: after });
    this.sink({ type: 'budget.exhausted', atMs: nowMs, budget: b.name, windowStartMs, spentUsd: after, limitUsd: b.config.limitUsd });
    const covered = this.coveredDeployments(b);
    if (covered.length === 0) return;
    // A restore still pending belongs to an earlier window that already ended: announce it first.
    if (b.restoreCancel !== undefined) this.restore(b);
    for (const id of covered) this.sink({ type: 'health.changed', atMs: nowMs, deploymentId: id, source: 'budget', excluded: true, reason: `budget ${b.name} exhausted` });
    b.exhaustedWindowStartMs = windowStartMs;
    this.exhaustedDeploymentBudgets++;
    b.restoreCancel = this.scheduler.schedule(b.window.windowEndMs(nowMs) - nowMs, () => this.restore(b));
  }

  private restore(b: Budget): void {
    b.restoreCancel?.();
    b.restoreCancel = undefined;
    this.exhaustedDeploymentBudgets--;
    const atMs = Math.max(this.scheduler.now(), b.exhaustedWindowStartMs + b.windowMs);
    for (const id of this.coveredDeployments(b)) this.sink({ type: 'health.changed', atMs, deploymentId: id, source: 'budget', excluded: false, reason: `budget ${b.name}: new window` });
  }

  private coveredDeployments(b: Budget): string[] {
    return this.deployments.filter((d) => coversDeployment(b.config, d)).map((d) => d.id);
  }
}
