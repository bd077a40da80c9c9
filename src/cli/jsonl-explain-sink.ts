import type { AttemptRecord, ExplainSink, RoutingDecision } from '../routing/explain.js';
import type { RouteResult } from '../routing/types.js';
import { missingIds, selects, type ExplainSelection } from './text-explain-sink.js';

/** One explained request: its routing decisions, its attempts and how it ended. */
export interface ExplainedRequest {
  readonly requestId: number;
  readonly decisions: RoutingDecision[];
  readonly attempts: AttemptRecord[];
  readonly result?: RouteResult;
}

/**
 * Collects the selected requests for `--explain-out FILE`: one JSON object per request, in
 * request order (requests finish out of order, so the lines are sorted before writing).
 */
export class JsonlExplainSink implements ExplainSink {
  private readonly requests = new Map<number, { decisions: RoutingDecision[]; attempts: AttemptRecord[]; result?: RouteResult }>();

  constructor(private readonly selection: ExplainSelection) {}

  private entry(id: number) {
    let e = this.requests.get(id);
    if (e === undefined) this.requests.set(id, (e = { decisions: [], attempts: [] }));
    return e;
  }

  wants(requestId: number): boolean {
    return selects(this.selection, requestId);
  }

  decision(d: RoutingDecision): void {
    this.entry(d.requestId).decisions.push(d);
  }

  attempt(a: AttemptRecord): void {
    this.entry(a.requestId).attempts.push(a);
  }

  finished(r: RouteResult): void {
    this.entry(r.requestId).result = r;
  }

  /** The JSONL text (finished requests, request order) and the listed ids that never finished. */
  text(): { jsonl: string; missing: number[] } {
    const ids = [...this.requests.keys()].filter((id) => this.requests.get(id)!.result !== undefined).sort((a, b) => a - b);
    const jsonl = ids.map((id) => JSON.stringify({ requestId: id, ...this.requests.get(id) })).join('\n');
    return { jsonl: jsonl === '' ? '' : `${jsonl}\n`, missing: missingIds(this.selection, new Set(ids)) };
  }
}

/** Both sinks at once (text on stderr and a JSONL file). */
export function bothSinks(a: ExplainSink, b: ExplainSink): ExplainSink {
  return {
    wants: (id) => a.wants(id) || b.wants(id),
    decision: (d) => { a.decision(d); b.decision(d); },
    attempt: (x) => { a.attempt(x); b.attempt(x); },
    finished: (r) => { a.finished(r); b.finished(r); },
  };
}
