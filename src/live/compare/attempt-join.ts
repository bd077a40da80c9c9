import { quantileSorted } from 'simple-statistics';

/** One attempt as both drivers report it. */
export interface AttemptStep {
  readonly attemptNo: number;
  readonly deploymentId: string;
  readonly kind: string;
}

/** One request's attempts (sorted by attempt number) and its end, from either driver; times in scenario ms. */
export interface RequestTrace {
  readonly steps: readonly AttemptStep[];
  readonly ok: boolean;
  readonly latencyMs: number;
}

/**
 * Why the first differing attempt differs:
 * - 'outcome-timer': same deployment, one side timed out or was cancelled — a timer fired at a
 *   different moment (timer lateness, or hop latency pushing an answer past a timeout);
 * - 'outcome-other': same deployment, another outcome (provider state at a different moment:
 *   a rate-limit bucket, a queue, an incident edge);
 * - 'pick': another deployment — the router's state differed (latency-fed statistics, health
 *   or breaker timing, the order of concurrent events);
 * - 'length': one side made more attempts.
 */
export type DivergenceKind = 'outcome-timer' | 'outcome-other' | 'pick' | 'length';

export interface Divergence {
  readonly requestId: number;
  readonly attemptNo: number;
  readonly kind: DivergenceKind;
  readonly sim: string;
  readonly live: string;
}

export interface AttemptJoin {
  readonly joined: number;
  readonly simOnly: number;
  readonly liveOnly: number;
  readonly identical: number;
  readonly identicalShare: number;
  readonly divergenceCounts: Readonly<Record<DivergenceKind, number>>;
  /** The first few divergences, by request id. */
  readonly examples: readonly Divergence[];
  /** live − sim request latency over joined requests, scenario ms. */
  readonly latencyDiffMs: { readonly mean: number; readonly p50: number; readonly p90: number; readonly p99: number; readonly meanAbs: number };
}

const TIMER_KINDS = new Set(['timeout', 'cancelled']);
const MAX_EXAMPLES = 20;

const stepText = (s: AttemptStep | undefined) => (s === undefined ? '(none)' : `${s.deploymentId}:${s.kind}`);

/** Joins the two drivers' requests on (request id, attempt number). */
export function joinAttempts(sim: ReadonlyMap<number, RequestTrace>, live: ReadonlyMap<number, RequestTrace>): AttemptJoin {
  const counts: Record<DivergenceKind, number> = { 'outcome-timer': 0, 'outcome-other': 0, pick: 0, length: 0 };
  const examples: Divergence[] = [];
  const diffs: number[] = [];
  let identical = 0;
  let simOnly = 0;
  for (const [id, s] of [...sim].sort((a, b) => a[0] - b[0])) {
    const l = live.get(id);
    if (l === undefined) {
      simOnly++;
      continue;
    }
    diffs.push(l.latencyMs - s.latencyMs);
    const d = firstDivergence(id, s.steps, l.steps);
    if (d === undefined) {
      identical++;
      continue;
    }
    counts[d.kind]++;
    if (examples.length < MAX_EXAMPLES) examples.push(d);
  }
  const liveOnly = [...live.keys()].filter((id) => !sim.has(id)).length;
  const sorted = [...diffs].sort((a, b) => a - b);
  const q = (p: number) => (sorted.length === 0 ? NaN : quantileSorted(sorted, p));
  const joined = diffs.length;
  return {
    joined, simOnly, liveOnly, identical,
    identicalShare: joined === 0 ? NaN : identical / joined,
    divergenceCounts: counts,
    examples,
    latencyDiffMs: {
      mean: joined === 0 ? NaN : diffs.reduce((a, b) => a + b, 0) / joined,
      p50: q(0.5), p90: q(0.9), p99: q(0.99),
      meanAbs: joined === 0 ? NaN : diffs.reduce((a, b) => a + Math.abs(b), 0) / joined,
    },
  };
}

export function firstDivergence(requestId: number, sim: readonly AttemptStep[], live: readonly AttemptStep[]): Divergence | undefined {
  const n = Math.max(sim.length, live.length);
  for (let i = 0; i < n; i++) {
    const s = sim[i];
    const l = live[i];
    if (s !== undefined && l !== undefined && s.deploymentId === l.deploymentId && s.kind === l.kind) continue;
    const kind: DivergenceKind =
      s === undefined || l === undefined ? 'length'
      : s.deploymentId !== l.deploymentId ? 'pick'
      : TIMER_KINDS.has(s.kind) || TIMER_KINDS.has(l.kind) ? 'outcome-timer'
      : 'outcome-other';
    return { requestId, attemptNo: i, kind, sim: stepText(s), live: stepText(l) };
  }
  return undefined;
}
