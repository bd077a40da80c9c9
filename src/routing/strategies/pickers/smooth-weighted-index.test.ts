import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../types.js';
import { makeCandidates } from '../test-fixtures.js';
import { SmoothWeightedPicker } from './smooth-weighted-picker.js';

const N = 12;
const byWeight = (c: Candidate) => c.deployment.weight;
const members = fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { minLength: 1, maxLength: N });

type Op =
  | { kind: 'pick' }
  | { kind: 'cut'; members: number[] }
  | { kind: 'other'; members: number[] }
  | { kind: 'pool'; members: number[] }
  | { kind: 'explain'; d: number };

// Picks on the pool array dominate, as in a run; a retry's cut list, a new pool (health) and
// an explain (which reads every current value) interrupt the index now and then.
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ kind: 'pick' as const }) },
  // A retry's pool: the pool less the first few of `members` (answered from the index).
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cut' as const), members }) },
  // Any other list (scanned, with the index's values written back first).
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('other' as const), members }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pool' as const), members }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('explain' as const), d: fc.integer({ min: 0, max: N - 1 }) }) },
);

describe('SmoothWeightedIndex (weighted-round-robin on a repeated pool array)', () => {
  it('picks the scan\'s sequence and leaves the scan\'s current values, over pools, retries\' cuts, other lists and explains (model-based)', () => {
    fc.assert(
      fc.property(
        // Integer weights (indexed), with ties and zeros; or fractional ones (never indexed: scanned).
        // Two weights make large heaps, where a retry's removals move entries up as well as down.
        fc.oneof(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: N, maxLength: N }), fc.array(fc.constantFrom(1, 2), { minLength: N, maxLength: N }), fc.array(fc.constantFrom(0.5, 1, 1.25, 3), { minLength: N, maxLength: N })),
        fc.array(op, { minLength: 1, maxLength: 200 }),
        (weights, ops) => {
          const all = makeCandidates(N, (i) => ({ weight: weights[i] }));
          const indexed = new SmoothWeightedPicker({ staticWeights: true });
          const scanned = new SmoothWeightedPicker();
          let pool: Candidate[] = all;
          for (const o of ops) {
            if (o.kind === 'pool') pool = [...o.members].sort((a, b) => a - b).map((i) => all[i]);
            else if (o.kind === 'explain') expect(indexed.currentWeight(all[o.d].deployment.id)).toBe(scanned.currentWeight(all[o.d].deployment.id));
            else {
              const list = o.kind === 'pick' ? pool : o.kind === 'cut' ? pool.filter((c) => !o.members.slice(0, 3).includes(all.indexOf(c))) : [...o.members].sort((a, b) => a - b).map((i) => all[i]);
              expect(indexed.pick(list, byWeight)?.deployment.id).toBe(scanned.pick(list, byWeight)?.deployment.id);
            }
          }
          for (const c of all) expect(indexed.currentWeight(c.deployment.id)).toBe(scanned.currentWeight(c.deployment.id));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps nginx\'s interleaving on an indexed pool (weights 5, 1, 1: a a b a c a a)', () => {
    const candidates = makeCandidates(3, (i) => ({ weight: [5, 1, 1][i] }));
    const picker = new SmoothWeightedPicker({ staticWeights: true });
    const sequence = Array.from({ length: 14 }, () => picker.pick(candidates, byWeight)!.deployment.id.slice(0, 2));
    expect(sequence).toEqual(['p0', 'p0', 'p1', 'p0', 'p2', 'p0', 'p0', 'p0', 'p0', 'p1', 'p0', 'p2', 'p0', 'p0']);
  });
});
