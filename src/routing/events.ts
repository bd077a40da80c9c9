/** Things the router and its health producers report, past tense. Consumers: metrics, timelines, --explain. */
/** 'budget': a spend budget covering the deployment ran out (routing/policies/spend-budgets.ts). */
export type HealthSourceName = 'active-check' | 'outlier' | 'cooldown' | 'breaker' | 'budget';

export type BreakerState = 'closed' | 'open' | 'half-open';

export type RouterEvent =
  | {
      readonly type: 'health.changed';
      readonly atMs: number;
      readonly deploymentId: string;
      readonly source: HealthSourceName;
      /** true when this source now excludes the deployment, false when it lets it back in. */
      readonly excluded: boolean;
      readonly reason: string;
    }
  | {
      readonly type: 'breaker.transitioned';
      readonly atMs: number;
      readonly deploymentId: string;
      readonly from: BreakerState;
      readonly to: BreakerState;
    }
  | { readonly type: 'panic.changed'; readonly atMs: number; readonly panic: boolean }
  | {
      readonly type: 'budget.exhausted';
      readonly atMs: number;
      readonly budget: string;
      readonly windowStartMs: number;
      readonly spentUsd: number;
      readonly limitUsd: number;
    }
  /** A deployment's adaptive in-flight cap changed (router.concurrencyLimit). */
  | { readonly type: 'concurrency.changed'; readonly atMs: number; readonly deploymentId: string; readonly limit: number }
  /** Every eligible deployment was at its cap: the request now waits in the gateway queue (router.priorityQueue). */
  | { readonly type: 'request.queued'; readonly atMs: number; readonly requestId: number; readonly priority: number };

export type EventSink = (event: RouterEvent) => void;

export const noopSink: EventSink = () => {};
