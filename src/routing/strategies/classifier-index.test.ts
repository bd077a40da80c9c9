import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../types.js';
import { ClassifierStrategy, classifierParamsSchema } from './classifier.js';
import { makeCandidate, makeContext, makeDeployment, makeRequest } from './test-fixtures.js';

const N = 12;
const CATEGORIES = ['a', 'b', 'c'];

type Op =
  | { kind: 'pick'; list: 'pool' | 'cut' | 'other'; members: number[]; category: string | undefined; seed: number }
  | { kind: 'health'; members: number[] }
  | { kind: 'load'; d: number; inFlight: number };

const members = fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { minLength: 1, maxLength: N });
const op: fc.Arbitrary<Op> = fc.oneof(
  // 'z': a category no deployment serves (round robin over the whole pool); undefined: no category.
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('pick' as const), list: fc.constantFrom('pool' as const, 'pool' as const, 'pool' as const, 'cut' as const, 'other' as const), members, category: fc.constantFrom('a', 'a', 'b', 'c', 'z', undefined), seed: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('health' as const), members }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('load' as const), d: fc.integer({ min: 0, max: N - 1 }), inFlight: fc.integer({ min: 0, max: 3 }) }) },
);

describe('classifier index (capable lists and a last-pick order per category)', () => {
  it('property: picks exactly what the same strategy scanning (every list a fresh copy) picks, for every tie-break, through retries, health changes and foreign lists (model-based, 200 runs)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.subarray(CATEGORIES), { minLength: N, maxLength: N }),
        fc.constantFrom('round-robin' as const, 'round-robin' as const, 'random' as const, 'least-connections' as const, 'first' as const),
        fc.array(op, { minLength: 1, maxLength: 200 }),
        (capabilities, tieBreak, ops) => {
          const all: Candidate[] = capabilities.map((caps, i) => makeCandidate(makeDeployment(`p${i}/m`, { capabilities: caps })));
          const params = classifierParamsSchema.parse({ tieBreak });
          const deployments = all.map((c) => c.deployment);
          const indexed = new ClassifierStrategy(params, deployments);
          const scanning = new ClassifierStrategy(params, deployments);
          let pool = all.slice(0, 9);
          for (const o of ops) {
            if (o.kind === 'health') pool = [...o.members].sort((a, b) => a - b).map((i) => all[i]);
            else if (o.kind === 'load') (all[o.d].stats as { inFlight: number }).inFlight = o.inFlight;
            else {
              const cut = o.members.slice(0, 3);
              const list = o.list === 'pool' ? pool : o.list === 'cut' ? pool.filter((c) => !cut.includes(all.indexOf(c))) : o.members.map((i) => all[i]);
              const req = makeRequest({ category: o.category });
              const want = scanning.pick(req, [...list], makeContext({}, o.seed));
              const got = indexed.pick(req, list, makeContext({}, o.seed));
              if (got?.deployment.id !== want?.deployment.id) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a deployment serving two categories takes one turn in both', () => {
    const all = [['a'], ['a', 'b'], ['b']].map((caps, i) => makeCandidate(makeDeployment(`p${i}/m`, { capabilities: caps })));
    const s = new ClassifierStrategy(classifierParamsSchema.parse({}), all.map((c) => c.deployment));
    const pick = (category: string) => s.pick(makeRequest({ category }), all, makeContext())!.deployment.id;
    // a: p0 and b: p1 (never picked first); a: p0 then p1 (p1's turn for b counts for a too); b: p2 (never picked), then p1.
    expect([pick('a'), pick('b'), pick('a'), pick('a'), pick('b'), pick('b')]).toEqual(['p0/m', 'p1/m', 'p0/m', 'p1/m', 'p2/m', 'p1/m']);
  });
});
