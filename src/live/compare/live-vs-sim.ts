import type { RouterConfig } from '../../config/router-schema.js';
import { summarizeIncidents } from '../../metrics/incident-detection.js';
import type { HealthTimelineEntry, IncidentSummary, LatencySummary, RunSummary } from '../../metrics/run-summary.js';
import { quantileSorted } from 'simple-statistics';
import type { AttemptJoin, RequestTrace } from './attempt-join.js';
import type { DivergenceSources } from './divergence-sources.js';
import type { LiveRun } from './live-run.js';

/** How a difference is measured against its target. */
export type DiffUnit = 'percent' | 'points' | 'absolute';

export interface MetricRow {
  readonly metric: string;
  readonly sim: number;
  /** 95% half-width of the simulated value over replications, when they were run. */
  readonly simCi?: number;
  readonly live: number;
  /** live − sim, in `unit` (percent of sim, percentage points, or the metric's own unit). */
  readonly diff: number;
  readonly unit: DiffUnit;
  /** |diff| must be ≤ this; undefined: reported without a target. */
  readonly target?: number;
  readonly pass?: boolean;
}

export interface LiveVsSim {
  readonly scenario: string;
  readonly strategy: string;
  readonly seed: string;
  readonly timeScale: number;
  readonly durationS: number;
  readonly rows: readonly MetricRow[];
  readonly join: AttemptJoin;
  /** Detection and recovery per incident, sim vs live, with the tolerance (one health-check interval). */
  readonly incidents: readonly { providerId: string; kind: string; startS: number; sim: IncidentSummary; live: IncidentSummary; toleranceS: number; pass: boolean }[];
  readonly liveSendLatenessP99RealMs: number;
  /** How far identical requests' latencies moved, by source (scenario ms). */
  readonly sources: DivergenceSources;
  readonly targetsMet: number;
  readonly targetsTotal: number;
}

/** The brief's agreement targets (issue 17). */
export const TARGETS = { percentCentral: 5, percentP99: 10, successPoints: 0.5, costPercent: 1, sharePoints: 2, identicalShare: 0.99 } as const;

const pct = (sim: number, live: number) => (sim === 0 ? (live === 0 ? 0 : Infinity) : ((live - sim) / sim) * 100);

function row(metric: string, sim: number, live: number, unit: DiffUnit, target?: number, simCi?: number): MetricRow {
  const diff = unit === 'percent' ? pct(sim, live) : unit === 'points' ? (live - sim) * 100 : live - sim;
  return { metric, sim, live, diff, unit, ...(simCi === undefined ? {} : { simCi }), ...(target === undefined ? {} : { target, pass: Math.abs(diff) <= target }) };
}

/** Mean and p50/p90/p99 (linear interpolation) of the successful requests' latencies: exact, not the summary's bucketed sketch. */
export function exactLatency(traces: ReadonlyMap<number, RequestTrace>): LatencySummary {
  const xs = [...traces.values()].filter((t) => t.ok).map((t) => t.latencyMs).sort((a, b) => a - b);
  const q = (p: number) => (xs.length === 0 ? NaN : quantileSorted(xs, p));
  const mean = xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
  return { count: xs.length, mean, p50: q(0.5), p90: q(0.9), p95: q(0.95), p99: q(0.99), p999: q(0.999), max: xs.length === 0 ? NaN : xs[xs.length - 1] };
}

/** Rows for a latency summary; `comparable` false leaves them without targets (reported, not judged). */
function latencyRows(name: string, s: LatencySummary, l: LatencySummary, ci: Readonly<Record<string, number>> | undefined, comparable = true, suffix = ''): MetricRow[] {
  const target = (t: number) => (comparable ? t : undefined);
  return [
    row(`${name} mean (ms)${suffix}`, s.mean, l.mean, 'percent', target(TARGETS.percentCentral), ci?.[`${name}.mean`]),
    row(`${name} p50 (ms)${suffix}`, s.p50, l.p50, 'percent', target(TARGETS.percentCentral), ci?.[`${name}.p50`]),
    row(`${name} p90 (ms)${suffix}`, s.p90, l.p90, 'percent', target(TARGETS.percentCentral), ci?.[`${name}.p90`]),
    row(`${name} p99 (ms)${suffix}`, s.p99, l.p99, 'percent', target(TARGETS.percentP99), ci?.[`${name}.p99`]),
  ];
}

/** The tolerance for detection and recovery: one active health-check interval, else one outlier sweep, else 1 s. */
export function detectionToleranceMs(router: RouterConfig): number {
  if (router.activeHealthCheck !== false) return router.activeHealthCheck.intervalMs;
  if (router.outlierDetection !== false) return router.outlierDetection.sweepIntervalMs;
  return 1000;
}

/**
 * Metric by metric, the simulated value (with its CI over replications when given), the live
 * one and the difference, against the agreement targets. Live latency, TTFT, success and
 * shares are what the load replayer measured at the client (from each request's due time, in
 * scenario ms); TTFT is judged only when every request streams (an unstreamed answer's first
 * token reaches a client with the rest); cost is what the emulated providers billed; retries, failovers and hedges are
 * the gateway router's own counts; detection and recovery come from its health announcements.
 */
export function compareLiveToSim(
  sim: RunSummary, live: LiveRun, traces: { readonly sim: ReadonlyMap<number, RequestTrace>; readonly live: ReadonlyMap<number, RequestTrace> },
  join: AttemptJoin, sources: DivergenceSources, router: RouterConfig, timeScale: number, streamFraction: number, simCi?: Readonly<Record<string, number>>,
): LiveVsSim {
  const l = live.load.summary;
  const results = [...live.requests.values()].map((r) => r.result);
  const sum = (f: (r: (typeof results)[number]) => number) => results.reduce((a, r) => a + f(r), 0);
  const rows: MetricRow[] = [
    row('success rate', sim.successRate, l.successRate, 'points', TARGETS.successPoints, simCi?.successRate),
    row('uptime', sim.uptime, l.uptime, 'points', undefined, simCi?.uptime),
    // Exact quantiles from every request on both sides: the summaries' sketch buckets are ~12% wide,
    // too coarse for a 5% target.
    ...latencyRows('latency', exactLatency(traces.sim), exactLatency(traces.live), simCi),
    // A client sees an unstreamed answer's first token with the whole answer: the simulator's
    // provider-side TTFT is not observable live, so unstreamed TTFT rows carry no target.
    ...latencyRows('ttft', sim.ttftMs, l.ttftMs, simCi, streamFraction === 1, streamFraction === 1 ? '' : ' (unstreamed: not observable live)'),
    row('cost (USD)', sim.costUsd.total, live.billedCostUsd, 'percent', TARGETS.costPercent, simCi?.cost),
    ...sim.deployments.map((d) => row(`share ${d.id}`, d.share, l.deployments.find((x) => x.id === d.id)?.share ?? 0, 'points', TARGETS.sharePoints)),
    row('retries', sim.retries, sum((r) => r.retries), 'absolute'),
    row('failovers', sim.failovers, sum((r) => r.failovers), 'absolute'),
    row('hedges', sim.hedges, sum((r) => r.hedges), 'absolute'),
    row('identical attempt sequences', 1, join.identicalShare, 'points', (1 - TARGETS.identicalShare) * 100),
  ];
  const timeline: HealthTimelineEntry[] = live.routerEvents.flatMap((e) => (e.type === 'health.changed' ? [{ atS: e.atMs / 1000, deploymentId: e.deploymentId, source: e.source, excluded: e.excluded }] : []));
  const liveIncidents = summarizeIncidents(live.incidents, timeline, (id) => id.slice(0, id.indexOf('/')));
  const toleranceS = detectionToleranceMs(router) / 1000;
  const within = (a?: number, b?: number) => (a === undefined && b === undefined) || (a !== undefined && b !== undefined && Math.abs(a - b) <= toleranceS);
  const incidents = sim.incidents.map((s, i) => {
    const lv = liveIncidents[i];
    return { providerId: s.providerId, kind: s.kind, startS: s.startS, sim: s, live: lv, toleranceS, pass: within(s.detectS, lv?.detectS) && within(s.recoverS, lv?.recoverS) };
  });
  const targeted = rows.filter((r) => r.pass !== undefined);
  return {
    scenario: sim.scenario, strategy: sim.strategy, seed: sim.seed, timeScale, durationS: sim.durationS, rows, join, incidents,
    liveSendLatenessP99RealMs: live.load.lateness.p99Ms,
    sources,
    targetsMet: targeted.filter((r) => r.pass).length + incidents.filter((x) => x.pass).length,
    targetsTotal: targeted.length + incidents.length,
  };
}
