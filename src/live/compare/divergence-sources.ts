import { quantileSorted } from 'simple-statistics';
import type { RequestTrace } from './attempt-join.js';
import type { LiveRun } from './live-run.js';

export interface SourceSummary {
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
}

/**
 * Where a live request's latency departs from its simulation, in scenario ms, over requests
 * whose attempt sequences are identical (so the decisions were the same): the load generator
 * sending late (`sendLate`), the client ↔ gateway hop and the gateway's own time before and after
 * routing (`gatewayHop`: client latency − send lateness − the router's latency), and everything
 * between the router and the answer (`upstream`: the router's latency − the simulated latency:
 * the gateway → provider hop, the emulated provider's timers firing late, the transport).
 */
export interface DivergenceSources {
  readonly requests: number;
  readonly sendLate: SourceSummary;
  readonly gatewayHop: SourceSummary;
  readonly upstream: SourceSummary;
}

function summary(xs: number[]): SourceSummary {
  if (xs.length === 0) return { mean: NaN, p50: NaN, p99: NaN };
  const sorted = [...xs].sort((a, b) => a - b);
  return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, p50: quantileSorted(sorted, 0.5), p99: quantileSorted(sorted, 0.99) };
}

const sameSteps = (a: RequestTrace, b: RequestTrace) =>
  a.steps.length === b.steps.length && a.steps.every((s, i) => s.deploymentId === b.steps[i].deploymentId && s.kind === b.steps[i].kind);

export function divergenceSources(sim: ReadonlyMap<number, RequestTrace>, liveTraces: ReadonlyMap<number, RequestTrace>, live: LiveRun, timeScale: number): DivergenceSources {
  const late: number[] = [];
  const hop: number[] = [];
  const upstream: number[] = [];
  for (const [id, s] of sim) {
    const l = liveTraces.get(id);
    const client = live.loadRecords.get(id);
    const gateway = live.requests.get(id);
    if (l === undefined || client === undefined || gateway === undefined || !sameSteps(s, l)) continue;
    const lateMs = client.sendLateRealMs * timeScale;
    late.push(lateMs);
    hop.push(client.latencyMs - lateMs - gateway.result.latencyMs);
    upstream.push(gateway.result.latencyMs - s.latencyMs);
  }
  return { requests: late.length, sendLate: summary(late), gatewayHop: summary(hop), upstream: summary(upstream) };
}
