import type { RunSummary } from '../../metrics/run-summary.js';
import type { LoggedRequest } from '../logs/logged-request.js';
import { sortedQuantile } from '../sample-quantiles.js';

/**
 * The simulated-vs-observed table of a backtest: one row per metric with both values, the
 * difference and whether it is within tolerance. Tolerances: success rate within 2
 * percentage points, shares within 5 points, median latency / TTFT within 15%, p90 within
 * 20%, p99 within 30% (tails rest on few requests), total cost within 10%.
 */
export interface BacktestRow {
  readonly metric: string;
  readonly observed: number;
  readonly simulated: number;
  /** 'abs': |sim − obs| <= tolerance; 'rel': |sim − obs| / obs <= tolerance. */
  readonly kind: 'abs' | 'rel';
  readonly tolerance: number;
  readonly ok: boolean;
}

function row(metric: string, observed: number, simulated: number, kind: 'abs' | 'rel', tolerance: number): BacktestRow {
  const diff = Math.abs(simulated - observed);
  const ok = kind === 'abs' ? diff <= tolerance : observed === 0 ? simulated === 0 : diff / Math.abs(observed) <= tolerance;
  return { metric, observed, simulated, kind, tolerance, ok };
}

/** Which provider served a successful request: its last successful attempt's. */
const servedBy = (r: LoggedRequest) => [...r.attempts].reverse().find((a) => a.outcome === 'success')?.provider;

/**
 * `requestsTolerance`: relative, for the request count (default 0.1%: a replayed trace sends
 * exactly the logged requests). `observedCostUsd`: the cost to compare with the simulation's
 * (default: the observed requests' own), e.g. what was billed after a warm-up, as the simulator
 * counts it.
 */
export function backtestRows(observed: readonly LoggedRequest[], sim: RunSummary, requestsTolerance = 0.001, observedCostUsd?: number): BacktestRow[] {
  const ok = observed.filter((r) => r.ok);
  const lat = ok.map((r) => r.latencyMs).sort((a, b) => a - b);
  const ttft = ok.map((r) => r.ttftMs).filter((x): x is number => x !== null).sort((a, b) => a - b);
  const rows: BacktestRow[] = [
    row('requests', observed.length, sim.requests.total, 'rel', requestsTolerance),
    row('success rate', ok.length / observed.length, sim.successRate, 'abs', 0.02),
    row('latency p50 ms', sortedQuantile(lat, 0.5), sim.latencyMs.p50, 'rel', 0.15),
    row('latency p90 ms', sortedQuantile(lat, 0.9), sim.latencyMs.p90, 'rel', 0.2),
    row('latency p99 ms', sortedQuantile(lat, 0.99), sim.latencyMs.p99, 'rel', 0.3),
  ];
  if (ttft.length > 0) {
    rows.push(row('TTFT p50 ms', sortedQuantile(ttft, 0.5), sim.ttftMs.p50, 'rel', 0.15));
    rows.push(row('TTFT p99 ms', sortedQuantile(ttft, 0.99), sim.ttftMs.p99, 'rel', 0.3));
  }
  rows.push(row('cost USD', observedCostUsd ?? observed.reduce((t, r) => t + r.costUsd, 0), sim.costUsd.total, 'rel', 0.1));
  const simShare = new Map<string, number>();
  for (const d of sim.deployments) simShare.set(d.providerId, (simShare.get(d.providerId) ?? 0) + d.share);
  const providers = new Set([...simShare.keys(), ...ok.map(servedBy).filter((p): p is string => p !== undefined)]);
  for (const p of [...providers].sort()) {
    rows.push(row(`share ${p}`, ok.filter((r) => servedBy(r) === p).length / Math.max(1, ok.length), simShare.get(p) ?? 0, 'abs', 0.05));
  }
  return rows;
}
