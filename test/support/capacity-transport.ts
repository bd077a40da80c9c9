import type { Cancel, Scheduler } from '../../src/core/ports.js';
import type { AttemptDone, AttemptOutcomeKind, Deployment, RouteRequest, Transport } from '../../src/routing/types.js';

/**
 * A fake provider fleet with a capacity each (that can change over time): an attempt beyond
 * the deployment's capacity answers 'overloaded' (503) after 5 ms; one within it succeeds
 * after `baseMs` x (1 + busy / capacity) whole ms, so latency grows with load. Optional
 * per-deployment fixed outcomes model error bursts. Never calls back synchronously.
 */
export class CapacityTransport implements Transport {
  readonly busy = new Map<string, number>();
  sent = 0;

  constructor(
    private readonly s: Scheduler,
    private readonly capacityOf: (d: Deployment, nowMs: number) => number,
    private readonly baseMs = 100,
    private readonly failWith?: (d: Deployment, req: RouteRequest, attemptNo: number) => AttemptOutcomeKind | undefined,
  ) {}

  send<T>(d: Deployment, req: RouteRequest, attemptNo: number, onDone: AttemptDone<T>, token: T): Cancel {
    this.sent++;
    const busy = this.busy.get(d.id) ?? 0;
    const capacity = this.capacityOf(d, this.s.now());
    const forced = this.failWith?.(d, req, attemptNo);
    const outcome = (kind: AttemptOutcomeKind, latencyMs: number) => ({ kind, latencyMs, inputTokens: req.inputTokens, outputTokens: kind === 'success' ? 10 : 0, costUsd: 0 });
    if (forced !== undefined) return this.s.schedule(7, () => onDone(outcome(forced, 7), token));
    if (busy >= capacity) return this.s.schedule(5, () => onDone(outcome('overloaded', 5), token));
    this.busy.set(d.id, busy + 1);
    const latencyMs = Math.round(this.baseMs * (1 + busy / capacity));
    let done = false;
    const cancel = this.s.schedule(latencyMs, () => {
      done = true;
      this.busy.set(d.id, this.busy.get(d.id)! - 1);
      onDone(outcome('success', latencyMs), token);
    });
    return () => {
      if (done) return;
      done = true;
      this.busy.set(d.id, this.busy.get(d.id)! - 1);
      cancel();
    };
  }

  probe(_d: Deployment, onDone: (ok: boolean) => void): Cancel {
    return this.s.schedule(10, () => onDone(true));
  }
}
