import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeploymentStatsTracker } from '../stats/deployment-stats-tracker.js';
import type { AttemptOutcome, Candidate } from '../types.js';
import { LatencyBasedStrategy, latencyBasedParamsSchema } from './latency-based.js';
import { makeContext, makeDeployment, makeRequest } from './test-fixtures.js';

// 70 deployments: blocks of 9 (√70 rounded up), the last one short.
const N = 70;
const success = (latencyMs: number, outputTokens: number): AttemptOutcome => ({ kind: 'success', latencyMs, inputTokens: 1, outputTokens, costUsd: 0 });

function world(): { all: Candidate[]; trackers: DeploymentStatsTracker[] } {
  const trackers = Array.from({ length: N }, () => new DeploymentStatsTracker(4, 1000, () => 0));
  return { trackers, all: trackers.map((stats, i) => ({ deployment: makeDeployment(`p${i}/m`), stats, health: 'healthy' as const })) };
}

type Op =
  | { kind: 'finish'; d: number; latencyMs: number; outputTokens: number }
  | { kind: 'pick'; list: 'pool' | 'cut' | 'other'; members: number[]; seed: number }
  | { kind: 'health'; members: number[] };

const members = fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { minLength: 1, maxLength: N });
const op: fc.Arbitrary<Op> = fc.oneof(
  // Few distinct ms per token (ties, values exactly at the threshold); 0 tokens leave the mean alone.
  // Most finishes on two blocks' worth of deployments, so known values change again and again.
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('finish' as const), d: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 17 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: N - 1 }) }), latencyMs: fc.constantFrom(100, 110, 200, 400), outputTokens: fc.constantFrom(0, 10, 10, 20) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('pick' as const), list: fc.constantFrom('pool' as const, 'pool' as const, 'pool' as const, 'cut' as const, 'other' as const), members, seed: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('health' as const), members }) },
);

const create = (buffer: number) => new LatencyBasedStrategy(latencyBasedParamsSchema.parse({ buffer }));

describe('latency-based index (sorted blocks)', () => {
  it('property: draws exactly what a fresh strategy (which scans) draws with the same rng, through finishes, retries, health changes and foreign lists (model-based, 200 runs)', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 300 }), fc.constantFrom(0, 0.1, 1), (ops, buffer) => {
        const { all, trackers } = world();
        const indexed = create(buffer);
        let pool: Candidate[] = all.slice(0, 60);
        for (const o of ops) {
          if (o.kind === 'finish') {
            trackers[o.d].onSent(1, 0);
            trackers[o.d].onFinished(success(o.latencyMs, o.outputTokens), 0);
          } else if (o.kind === 'health') pool = [...o.members].sort((a, b) => a - b).map((i) => all[i]);
          else {
            const cut = o.members.slice(0, 3);
            const list = o.list === 'pool' ? pool : o.list === 'cut' ? pool.filter((c) => !cut.includes(all.indexOf(c))) : o.members.map((i) => all[i]);
            const want = create(buffer).pick(makeRequest(), list, makeContext({}, o.seed));
            const got = indexed.pick(makeRequest(), list, makeContext({}, o.seed));
            if (got !== want) return false;
          }
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it('answers from the index once the pool is seen twice; unknown deployments stay eligible', () => {
    const { all, trackers } = world();
    const s = create(0.1);
    const pool = all.slice(0, 20);
    for (let d = 0; d < 19; d++) {
      trackers[d].onSent(1, 0);
      trackers[d].onFinished(success(d === 5 ? 100 : 300, 10), 0); // p5: 10 ms/token, the rest 30
    }
    const seen = new Set<string>();
    for (let k = 0; k < 200; k++) seen.add(s.pick(makeRequest(), pool, makeContext({}, k))!.deployment.id);
    expect([...seen].sort()).toEqual(['p19/m', 'p5/m']); // p19 has no sample yet
    expect(trackers[0].watchers).toHaveLength(1);
  });
});
