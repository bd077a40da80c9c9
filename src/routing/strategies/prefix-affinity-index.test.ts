import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeploymentStatsTracker } from '../stats/deployment-stats-tracker.js';
import type { AttemptOutcome, Candidate } from '../types.js';
import { PrefixAffinityStrategy, prefixAffinityStrategy } from './prefix-affinity.js';
import { makeContext, makeDeployment, makeRequest } from './test-fixtures.js';

const OK: AttemptOutcome = { kind: 'success', latencyMs: 100, inputTokens: 1, outputTokens: 1, costUsd: 0 };
const N = 10;

function world(): { all: Candidate[]; trackers: DeploymentStatsTracker[] } {
  const trackers = Array.from({ length: N }, () => new DeploymentStatsTracker(8, 1000, () => 0));
  return { trackers, all: trackers.map((stats, i) => ({ deployment: makeDeployment(`p${i}/m`), stats, health: 'healthy' as const })) };
}

type Op =
  | { kind: 'send' | 'finish'; d: number }
  | { kind: 'pick'; list: 'pool' | 'cut' | 'other'; members: number[]; key: number; sendPicked: boolean }
  | { kind: 'health'; members: number[] };

const members = fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { minLength: 1, maxLength: N });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('send' as const, 'finish' as const), d: fc.integer({ min: 0, max: N - 1 }) }) },
  // Few keys, so one prefix gets hot and spills past its home deployment.
  // Retries' pools (cuts) as often as the pool itself: the index answers both.
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('pick' as const), list: fc.constantFrom('pool' as const, 'pool' as const, 'cut' as const, 'cut' as const, 'other' as const), members, key: fc.integer({ min: 0, max: 3 }), sendPicked: fc.boolean() }) },
  // Health changes (a new pool array, a new index) rarer, so an index lives through many picks.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('health' as const), members }) },
);

const create = (all: readonly Candidate[], loadBound: number) =>
  prefixAffinityStrategy.create(prefixAffinityStrategy.paramsSchema.parse({ loadBound, virtualNodes: 8 }), { deployments: all.map((c) => c.deployment) }) as PrefixAffinityStrategy;

describe('prefix-affinity index (pool in flight kept by the trackers)', () => {
  it('property: picks exactly what a fresh strategy (which scans) picks, through sends, finishes, retries, health changes and foreign lists (model-based, 300 runs)', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 200 }), fc.constantFrom(0, 0.1, 0.25, 1), (ops, loadBound) => {
        const { all, trackers } = world();
        const indexed = create(all, loadBound);
        let pool: Candidate[] = all.slice(0, 7);
        for (const o of ops) {
          if ('d' in o) {
            if (o.kind === 'send') trackers[o.d].onSent(1, 0);
            else if (trackers[o.d].inFlight > 0) trackers[o.d].onFinished(OK, 0);
          } else if (o.kind === 'health') pool = [...o.members].sort((a, b) => a - b).map((i) => all[i]);
          else {
            const cut = o.members.slice(0, 3);
            const list = o.list === 'pool' ? pool : o.list === 'cut' ? pool.filter((c) => !cut.includes(all.indexOf(c))) : o.members.map((i) => all[i]);
            const req = makeRequest({ id: o.key, prefixHashes: [o.key, 1] });
            const want = create(all, loadBound).pick(req, list, makeContext());
            const got = indexed.pick(req, list, makeContext());
            if (got !== want) return false;
            if (got !== undefined && o.sendPicked) (got.stats as DeploymentStatsTracker).onSent(1, 0);
          }
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('answers from the index once the pool is seen twice, and the replaced index stops listening', () => {
    const { all, trackers } = world();
    const s = create(all, 0.25);
    const pool = all.slice(0, 5);
    const req = makeRequest({ prefixHashes: [7, 7] });
    s.pick(req, pool, makeContext());
    expect(trackers[0].watchers).toHaveLength(0);
    s.pick(req, pool, makeContext());
    for (const t of trackers.slice(0, 5)) expect(t.watchers).toHaveLength(1);
    const next = all.slice(2);
    s.pick(req, next, makeContext());
    s.pick(req, next, makeContext());
    expect(trackers[0].watchers).toHaveLength(0);
    for (const t of trackers.slice(2)) expect(t.watchers).toHaveLength(1);
  });
});
