import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeploymentStatsTracker } from '../stats/deployment-stats-tracker.js';
import type { AttemptOutcome, Candidate } from '../types.js';
import { usageLoad } from './load-metrics.js';
import { RoundRobinPicker } from './pickers/round-robin-picker.js';
import { makeContext, makeDeployment, makeRequest } from './test-fixtures.js';
import { UsageBasedStrategy } from './usage-based.js';

const OK: AttemptOutcome = { kind: 'success', latencyMs: 100, inputTokens: 1, outputTokens: 1, costUsd: 0 };
const N = 8;

/** Deployments with small limits (so headroom differs and ties), the last without (always the most headroom): usage moves with every send. */
function world(clock: { ms: number }): { all: Candidate[]; trackers: DeploymentStatsTracker[] } {
  const trackers = Array.from({ length: N }, () => new DeploymentStatsTracker(8, 1000, () => clock.ms));
  const limits = [{ rpmLimit: 4 }, { rpmLimit: 4 }, { tpmLimit: 300 }, { rpmLimit: 6, tpmLimit: 200 }, { rpmLimit: 5 }, { rpmLimit: 3 }, { tpmLimit: 100 }, {}];
  return { trackers, all: trackers.map((stats, i) => ({ deployment: makeDeployment(`p${i}/m`, limits[i]), stats, health: 'healthy' as const })) };
}

type Op =
  | { kind: 'send'; d: number; tokens: number }
  | { kind: 'finish'; d: number }
  | { kind: 'clock'; ms: number }
  | { kind: 'pick'; list: 'pool' | 'cut' | 'other'; members: number[]; sendPicked: boolean }
  | { kind: 'health'; members: number[] };

const members = fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { minLength: 1, maxLength: N });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('send' as const), d: fc.integer({ min: 0, max: N - 1 }), tokens: fc.constantFrom(10, 50, 100) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('finish' as const), d: fc.integer({ min: 0, max: N - 1 }) }) },
  // Steps within a minute and across one or several (the counters start afresh, untold).
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('clock' as const), ms: fc.constantFrom(20_000, 60_000, 150_000) }) },
  // Mostly the pool itself, so its index lives across minute changes; health changes rare.
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('pick' as const), list: fc.constantFrom('pool' as const, 'pool' as const, 'pool' as const, 'cut' as const, 'other' as const), members, sendPicked: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('health' as const), members }) },
);

describe('usage-based index', () => {
  it('property: picks exactly what the round-robin argmin scan picks, through sends, minute changes, retries, health changes and foreign lists (model-based, 300 runs)', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 200 }), (ops) => {
        const clock = { ms: 0 };
        const { all, trackers } = world(clock);
        const indexed = new UsageBasedStrategy();
        const scan = new RoundRobinPicker();
        let pool: Candidate[] = all.slice(0, 6);
        for (const o of ops) {
          if (o.kind === 'send') trackers[o.d].onSent(o.tokens, clock.ms);
          else if (o.kind === 'finish') {
            if (trackers[o.d].inFlight > 0) trackers[o.d].onFinished(OK, clock.ms);
          } else if (o.kind === 'clock') clock.ms += o.ms;
          else if (o.kind === 'health') pool = [...o.members].sort((a, b) => a - b).map((i) => all[i]);
          else {
            const cut = o.members.slice(0, 3);
            const list = o.list === 'pool' ? pool : o.list === 'cut' ? pool.filter((c) => !cut.includes(all.indexOf(c))) : o.members.map((i) => all[i]);
            const want = scan.pickMin(list, makeRequest(), usageLoad);
            const got = indexed.pick(makeRequest(), list, makeContext({ nowMs: clock.ms }));
            if (got !== want) return false;
            if (got !== undefined && o.sendPicked) (got.stats as DeploymentStatsTracker).onSent(50, clock.ms);
          }
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('a new minute frees everyone: the index reads the counters again though no tracker told it', () => {
    const clock = { ms: 0 };
    const { all } = world(clock);
    const pool = all.slice(0, 2); // both rpm 4
    const s = new UsageBasedStrategy();
    const picks = () => s.pick(makeRequest(), pool, makeContext({ nowMs: clock.ms }))!;
    const sendTo = (c: Candidate) => (c.stats as DeploymentStatsTracker).onSent(1, clock.ms);
    for (let k = 0; k < 3; k++) sendTo(picks()); // p0, p1, p0: p0 has 2 of 4, p1 1 of 4
    sendTo(all[0]);
    expect(picks()).toBe(all[1]);
    clock.ms = 60_000; // both at 0 again: round robin resumes from who was picked least recently
    expect(picks()).toBe(all[0]);
  });
});
