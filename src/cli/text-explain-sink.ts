import type { AttemptRecord, ExplainSink, RoutingDecision } from '../routing/explain.js';
import type { RouteResult } from '../routing/types.js';

/** Writes the router's reasoning for the first N requests as indented text. */
export class TextExplainSink implements ExplainSink {
  constructor(private readonly firstN: number, private readonly write: (line: string) => void) {}

  wants(requestId: number): boolean {
    return requestId < this.firstN;
  }

  decision(d: RoutingDecision): void {
    this.write(`request ${d.requestId} attempt ${d.attemptNo} (${d.reason}) at ${(d.atMs / 1000).toFixed(3)} s${d.panic ? ' [PANIC: routing across all deployments]' : ''}`);
    for (const r of d.removed) this.write(`  removed ${r.id}: excluded by ${r.by.join(', ')}`);
    this.write(`  candidates: ${d.candidates.join(', ') || '(none)'}`);
    if (d.scores) {
      const scores = Object.entries(d.scores).map(([k, v]) => `${k}=${Number.isFinite(v) ? +v.toPrecision(4) : v}`);
      this.write(`  scores: ${scores.join('  ')}`);
    }
    this.write(`  picked: ${d.picked ?? '(nothing)'}${d.via === 'fallback' ? ' (fallback chain)' : ''}`);
  }

  attempt(a: AttemptRecord): void {
    this.write(`  attempt ${a.attemptNo} on ${a.deploymentId}: ${a.kind} after ${a.latencyMs.toFixed(0)} ms, billed $${a.costUsd.toPrecision(3)}`);
  }

  finished(r: RouteResult): void {
    const verdict = r.ok ? `succeeded on ${r.deploymentId}` : `FAILED (${r.failureReason}${r.lastErrorKind ? `, last error ${r.lastErrorKind}` : ''})`;
    this.write(`  => ${verdict} in ${r.latencyMs.toFixed(0)} ms after ${r.attempts} attempt(s)`);
  }
}
