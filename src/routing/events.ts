/** Things the router and its health producers report, past tense. Consumers: metrics, timelines, --explain. */
export type HealthSourceName = 'active-check' | 'outlier' | 'cooldown' | 'breaker';

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
  | { readonly type: 'panic.changed'; readonly atMs: number; readonly panic: boolean };

export type EventSink = (event: RouterEvent) => void;

export const noopSink: EventSink = () => {};
