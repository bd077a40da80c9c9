import type { LoggedAttempt } from '../logs/logged-request.js';

/**
 * Outage windows from bursts of connection errors and 5xx: a run of consecutive failed
 * attempts (429s neither break nor extend a run) too long to be the provider's background
 * error rate — its probability p^k under independent errors is below 1e-4 / attempts
 * (a Bonferroni bound over every place a run could start), and at least `minRun` long.
 * The outage started between the last success before the run and its first failure, and
 * ended between its last failure and the next success: the estimate is each bracket's
 * midpoint, the bracket its uncertainty.
 */
export const OUTAGE_KINDS: ReadonlySet<string> = new Set(['connection-error', 'server-error', 'overloaded']);

export interface OutageWindow {
  readonly startMs: number;
  readonly endMs: number;
  /** Brackets of the start and end (epoch ms). */
  readonly startBracketMs: readonly [number, number];
  readonly endBracketMs: readonly [number, number];
  readonly failedAttempts: number;
  /** Outcome kinds in the run, by count. */
  readonly kinds: Readonly<Record<string, number>>;
}

export interface OutageInference {
  readonly windows: readonly OutageWindow[];
  /** Fraction of attempts (429s aside) that failed with an outage kind, outside the windows. */
  readonly backgroundRate: number;
  /** Shortest run counted as an outage at that background rate. */
  readonly minRunLength: number;
  /** Why no windows were looked for, when none were. */
  readonly note?: string;
}

export function inferOutages(sorted: readonly LoggedAttempt[], minRun = 5): OutageInference {
  const relevant = sorted.filter((a) => a.outcome !== 'rate-limited' && a.outcome !== 'cancelled');
  const failed = relevant.filter((a) => OUTAGE_KINDS.has(a.outcome)).length;
  const n = relevant.length;
  // Two passes: the first estimate of the background rate includes the outages themselves,
  // which makes runs look likelier; recount without the windows found and search again.
  let p = n > 0 ? failed / n : 0;
  let found = findRuns(relevant, runLength(p, n, minRun));
  const inWindows = found.reduce((t, w) => t + w.failedAttempts, 0);
  const outside = n - inWindows;
  p = outside > 0 ? (failed - inWindows) / outside : 0;
  const k = runLength(p, n, minRun);
  found = findRuns(relevant, k);
  return { windows: found, backgroundRate: p, minRunLength: k };
}

function runLength(p: number, n: number, minRun: number): number {
  if (p <= 0) return minRun;
  if (p >= 1) return Number.MAX_SAFE_INTEGER;
  return Math.max(minRun, Math.ceil(Math.log(1e-4 / Math.max(1, n)) / Math.log(p)));
}

function findRuns(list: readonly LoggedAttempt[], k: number): OutageWindow[] {
  const out: OutageWindow[] = [];
  let i = 0;
  while (i < list.length) {
    if (!OUTAGE_KINDS.has(list[i].outcome)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < list.length && OUTAGE_KINDS.has(list[j + 1].outcome)) j++;
    const len = j - i + 1;
    if (len >= k) {
      const firstFail = list[i].startMs;
      const lastFail = list[j].startMs;
      const okBefore = i > 0 ? list[i - 1].startMs : firstFail;
      const okAfter = j + 1 < list.length ? list[j + 1].startMs : lastFail;
      const kinds: Record<string, number> = {};
      for (let m = i; m <= j; m++) kinds[list[m].outcome] = (kinds[list[m].outcome] ?? 0) + 1;
      out.push({
        startMs: (okBefore + firstFail) / 2,
        endMs: (lastFail + okAfter) / 2,
        startBracketMs: [okBefore, firstFail],
        endBracketMs: [lastFail, okAfter],
        failedAttempts: len,
        kinds,
      });
    }
    i = j + 1;
  }
  return out;
}

/** Is `atMs` inside one of the windows (their brackets included)? */
export function insideOutage(windows: readonly OutageWindow[], atMs: number): boolean {
  return windows.some((w) => atMs >= w.startBracketMs[0] && atMs <= w.endBracketMs[1]);
}
