import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../types.js';
import { makeCandidates } from '../test-fixtures.js';
import { CandidateLookup, cutFrom, MAX_CUT } from './candidate-lookup.js';

describe('CandidateLookup', () => {
  const all = makeCandidates(12);

  it('property: answers exactly what a search of the list it is given would, for kept pools, fresh lists and pools less a few (500 runs)', () => {
    // Each step hands over a list: one of a few fixed subsets (reused by identity, as the router
    // reuses its pool), a fresh copy of one, or a copy less some members (a retry's pool).
    const subsetArb = fc.uniqueArray(fc.integer({ min: 0, max: all.length - 1 }), { minLength: 1, maxLength: all.length }).map((ix) => [...ix].sort((x, y) => x - y).map((i) => all[i]));
    const stepArb = fc.record({ list: fc.integer({ min: 0, max: 2 }), fresh: fc.boolean(), drop: fc.array(fc.nat(), { maxLength: MAX_CUT + 2 }) });
    fc.assert(
      fc.property(fc.array(subsetArb, { minLength: 3, maxLength: 3 }), fc.array(stepArb, { maxLength: 40 }), (lists, steps) => {
        const lookup = new CandidateLookup();
        for (const st of steps) {
          let list: readonly Candidate[] = st.fresh ? [...lists[st.list]] : lists[st.list];
          if (st.drop.length > 0) {
            const gone = new Set(st.drop.map((d) => list[d % list.length]));
            list = list.filter((c) => !gone.has(c));
          }
          const index = lookup.of(list);
          for (const c of all) expect(index.get(c.deployment.id)).toBe(list.find((x) => x.deployment.id === c.deployment.id));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('cutFrom: the members left out, only for the same list less at most MAX_CUT in order', () => {
    expect(cutFrom(all, [all[0], all[2], all[3], ...all.slice(4)])).toEqual(new Set([all[1]]));
    expect(cutFrom(all, [all[2], all[0], ...all.slice(3)])).toBeUndefined(); // order changed
    expect(cutFrom(all, all.slice(0, 2))).toBeUndefined(); // more than MAX_CUT left out
    expect(cutFrom(all, [...all])).toBeUndefined(); // nothing left out: not a cut
    expect(cutFrom(all.slice(1, 4), [all[0], all[2]])).toBeUndefined(); // all[0] is not in the list
  });
});
