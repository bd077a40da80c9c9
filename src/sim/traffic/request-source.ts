import type { TraceReplaySummary } from '../../metrics/run-summary.js';
import type { RouteRequest } from '../../routing/types.js';

/**
 * Where requests come from: a synthetic generator or a trace reader. Pull-based so the
 * engine only ever holds the next arrival in memory (trace replay in constant memory).
 */
export interface RequestSource {
  /** The next request in arrival order, or undefined when the source is exhausted. */
  next(): RouteRequest | undefined;
  /** Releases what the source holds open (a trace file); later next() calls return undefined. */
  close?(): void;
  /** What a trace replay read (the RunSummary's `trace`); sources that read no trace have none. */
  traceSummary?(): TraceReplaySummary;
}

/** What a source is expected to cost up to the horizon (the --max-events estimate). */
export interface TrafficLoad {
  /** Requests it emits. */
  readonly requests: number;
  /** Steps of work it takes, at least one per request: trace lines read, thinning candidates, burst-state switches. */
  readonly steps: number;
}
