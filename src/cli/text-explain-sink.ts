import type { AttemptRecord, ExplainSink, RoutingDecision } from '../routing/explain.js';
import type { RouteResult } from '../routing/types.js';

/** Which requests to explain: the first N, or the listed ids (`--explain-request`). */
export type ExplainSelection = number | ReadonlySet<number>;

export function selects(selection: ExplainSelection, requestId: number): boolean {
  return typeof selection === 'number' ? requestId < selection : selection.has(requestId);
}

/** Listed ids that never finished (they arrived after the horizon, or do not exist). */
export function missingIds(selection: ExplainSelection, finished: ReadonlySet<number>): number[] {
  return typeof selection === 'number' ? [] : [...selection].filter((id) => !finished.has(id)).sort((a, b) => a - b);
}

/**
 * Writes the router's reasoning for the selected requests as indented text, one block per
 * request (buffered until the request ends, so concurrent requests do not interleave). With a
 * list of ids the blocks are held and written in request order by `close()`.
 */
export class TextExplainSink implements ExplainSink {
  private readonly pending = new Map<number, string[]>();
  private readonly done = new Map<number, string[]>();

  constructor(private readonly selection: ExplainSelection, private readonly out: (line: string) => void) {}

  private lines(requestId: number): string[] {
    let l = this.pending.get(requestId);
    if (l === undefined) this.pending.set(requestId, (l = []));
    return l;
  }

  wants(requestId: number): boolean {
    return selects(this.selection, requestId);
  }

  decision(d: RoutingDecision): void {
    const write = (line: string) => this.lines(d.requestId).push(line);
    write(`request ${d.requestId} attempt ${d.attemptNo} (${d.reason}) at ${(d.atMs / 1000).toFixed(3)} s${d.panic ? ' [PANIC: routing across all deployments]' : ''}`);
    for (const r of d.removed) write(`  removed ${r.id}: excluded by ${r.by.join(', ')}`);
    write(`  candidates: ${d.candidates.join(', ') || '(none)'}`);
    if (d.scores) {
      const scores = Object.entries(d.scores).map(([k, v]) => `${k}=${Number.isFinite(v) ? +v.toPrecision(4) : v}`);
      write(`  scores: ${scores.join('  ')}`);
    }
    write(`  picked: ${d.picked ?? '(nothing)'}${d.via === 'fallback' ? ' (fallback chain)' : ''}`);
  }

  attempt(a: AttemptRecord): void {
    this.lines(a.requestId).push(`  attempt ${a.attemptNo} on ${a.deploymentId}: ${a.kind} after ${a.latencyMs.toFixed(0)} ms, billed $${a.costUsd.toPrecision(3)}`);
  }

  finished(r: RouteResult): void {
    const verdict = r.ok ? `succeeded on ${r.deploymentId}` : `FAILED (${r.failureReason}${r.lastErrorKind ? `, last error ${r.lastErrorKind}` : ''})`;
    const lines = this.lines(r.requestId);
    lines.push(`  => ${verdict} in ${r.latencyMs.toFixed(0)} ms after ${r.attempts} attempt(s)`);
    this.pending.delete(r.requestId);
    if (typeof this.selection === 'number') for (const line of lines) this.out(line);
    else this.done.set(r.requestId, lines);
  }

  /** Writes the held blocks in request order; returns the listed ids that never finished. */
  close(): number[] {
    const finished = new Set(this.done.keys());
    for (const id of [...finished].sort((a, b) => a - b)) for (const line of this.done.get(id)!) this.out(line);
    this.done.clear();
    return missingIds(this.selection, finished);
  }
}
