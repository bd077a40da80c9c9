import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeploymentStatsTracker } from '../../stats/deployment-stats-tracker.js';
import type { AttemptOutcome, Candidate } from '../../types.js';
import { ewmaLatencyLoad, inFlightLoad } from '../load-metrics.js';
import { makeDeployment, makeRequest } from '../test-fixtures.js';
import { IndexedMinPicker } from './indexed-min-picker.js';
import { pickMaxByScore, pickMinByScore } from './score-picker.js';
import { performanceParamsSchema, performanceScore } from '../performance.js';
import { RoundRobinPicker } from './round-robin-picker.js';

const CANCELLED: AttemptOutcome = { kind: 'cancelled', latencyMs: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
const done = (latencyMs: number): AttemptOutcome => ({ kind: 'success', latencyMs, inputTokens: 1, outputTokens: 1, costUsd: 0 });

function world(n: number): { all: Candidate[]; trackers: DeploymentStatsTracker[] } {
  const trackers = Array.from({ length: n }, () => new DeploymentStatsTracker(8, 1000, () => 0));
  return { trackers, all: trackers.map((stats, i) => ({ deployment: makeDeployment(`p${i}/m`), stats, health: 'healthy' as const })) };
}

type Op =
  | { kind: 'send' | 'finish'; d: number; latencyMs: number; cancelled: boolean }
  | { kind: 'pick'; list: 'pool' | 'cut' | 'other'; members: number[]; sendPicked: boolean }
  | { kind: 'health'; members: number[] };

const N = 12;
const members = fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { minLength: 1, maxLength: N });
// Health changes (a new pool array, a new index) are rarer than sends, finishes and picks, so
// an index lives through many changes of its members' stats.
const op: fc.Arbitrary<Op> = fc.oneof(
  // Latencies from a small set, so EWMAs tie now and then.
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('send' as const, 'finish' as const), d: fc.integer({ min: 0, max: N - 1 }), latencyMs: fc.constantFrom(100, 200, 300, 400), cancelled: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('pick' as const), list: fc.constantFrom('pool' as const, 'pool' as const, 'cut' as const, 'other' as const), members, sendPicked: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('health' as const), members }) },
);

/** Performance's defaults but a prior between the scores the latencies give, so new and known deployments interleave. */
const PERF = performanceParamsSchema.parse({ priorScore: 0.9, capMs: 500 });

/** The scans the index stands in for: least-connections' and least-response-time's. */
const MODES = [
  { name: 'in-flight, round-robin ties (least-connections)', indexed: () => new IndexedMinPicker((c) => c.stats.inFlight, 'round-robin'), scan: () => { const rr = new RoundRobinPicker(); return (list: readonly Candidate[]) => rr.pickMin(list, makeRequest(), inFlightLoad); } },
  { name: 'performance score, highest first, list-order ties (performance)', indexed: () => { const score = performanceScore(PERF); return new IndexedMinPicker((c) => -score(c), 'list-order'); }, scan: () => (list: readonly Candidate[]) => pickMaxByScore(list, makeRequest(), performanceScore(PERF)) },
  { name: 'latency EWMA, list-order ties (least-response-time)', indexed: () => new IndexedMinPicker(ewmaLatencyLoad(250), 'list-order'), scan: () => (list: readonly Candidate[]) => pickMinByScore(list, makeRequest(), ewmaLatencyLoad(250)) },
];

describe('IndexedMinPicker', () => {
  it.each(MODES)('property: $name picks exactly what the scan picks, through sends, finishes, retries, health changes and foreign lists (model-based, 300 runs)', (mode) => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 150 }), (ops) => {
        const { all, trackers } = world(N);
        const indexed = mode.indexed();
        const scan = mode.scan();
        let clockMs = 0;
        let pool: Candidate[] = all.slice(0, 8);
        for (const o of ops) {
          if ('d' in o) {
            clockMs += 50;
            if (o.kind === 'send') trackers[o.d].onSent(1, clockMs);
            else if (trackers[o.d].inFlight > 0) trackers[o.d].onFinished(o.cancelled ? CANCELLED : done(o.latencyMs), clockMs);
          } else if (o.kind === 'health') pool = [...o.members].sort((a, b) => a - b).map((i) => all[i]);
          else {
            // The router's pool itself, a retry's pool (the pool less a few, same order, a fresh
            // array), or any other list (a filtered or reordered one).
            const cut = o.members.slice(0, 3);
            const list = o.list === 'pool' ? pool : o.list === 'cut' ? pool.filter((c) => !cut.includes(all.indexOf(c))) : o.members.map((i) => all[i]);
            const want = scan(list);
            const got = indexed.pick(list);
            if (got !== want) return false;
            if (got !== undefined && o.sendPicked) (got.stats as DeploymentStatsTracker).onSent(1, 0);
          }
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('answers from its index once the pool is seen twice, and listens to no tracker after it is replaced', () => {
    const { all, trackers } = world(4);
    const picker = new IndexedMinPicker((c) => c.stats.inFlight, 'round-robin');
    const first = all.slice(0, 3);
    picker.pick(first);
    picker.pick(first); // indexed now: every tracker of the pool reports to it
    expect(trackers.slice(0, 3).every((t) => t.watchers.length === 1)).toBe(true);
    trackers[0].onSent(1, 0);
    trackers[1].onSent(1, 0);
    expect(picker.pick(first)).toBe(all[2]);
    const next = all.slice(1);
    picker.pick(next);
    picker.pick(next);
    expect(trackers[0].watchers).toHaveLength(0);
    expect(trackers.slice(1).every((t) => t.watchers.length === 1)).toBe(true);
  });
});
