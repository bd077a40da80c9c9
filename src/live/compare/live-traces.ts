import type { AttemptRecord } from '../../routing/explain.js';
import type { RouteResult } from '../../routing/types.js';
import type { RequestTrace } from './attempt-join.js';
import type { LiveRun } from './live-run.js';

/** The gateway router's attempts per request (its explain records, as the simulator's), with the latency the client measured. */
export function liveTraces(live: LiveRun): Map<number, RequestTrace> {
  const out = new Map<number, RequestTrace>();
  for (const [id, r] of live.requests) {
    const steps = [...r.explained].sort((a, b) => a.attemptNo - b.attemptNo);
    const client = live.loadRecords.get(id);
    out.set(id, { steps, ok: r.result.ok, latencyMs: client?.latencyMs ?? r.result.latencyMs });
  }
  return out;
}

/** Collects the simulator's attempts and results per request through the router's explain port. */
export class SimTraceCollector {
  private readonly attempts = new Map<number, AttemptRecord[]>();
  private readonly results = new Map<number, RouteResult>();
  readonly attemptsOnly = true;

  wants(): boolean {
    return true;
  }

  decision(): void {}

  attempt(a: AttemptRecord): void {
    let list = this.attempts.get(a.requestId);
    if (list === undefined) this.attempts.set(a.requestId, (list = []));
    list.push(a);
  }

  finished(r: RouteResult): void {
    this.results.set(r.requestId, r);
  }

  traces(): Map<number, RequestTrace> {
    const out = new Map<number, RequestTrace>();
    for (const [id, r] of this.results) {
      const steps = (this.attempts.get(id) ?? []).map((a) => ({ attemptNo: a.attemptNo, deploymentId: a.deploymentId, kind: a.kind })).sort((a, b) => a.attemptNo - b.attemptNo);
      out.set(id, { steps, ok: r.ok, latencyMs: r.latencyMs });
    }
    return out;
  }
}
