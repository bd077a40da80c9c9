import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inFlightLoad } from '../load-metrics.js';
import { makeCandidate, makeCandidates, makeDeployment, makeRequest } from '../test-fixtures.js';
import type { Candidate } from '../../types.js';
import { RoundRobinPicker } from './round-robin-picker.js';

describe('RoundRobinPicker', () => {
  it('cycles in list order over a stable set', () => {
    const candidates = makeCandidates(3);
    const picker = new RoundRobinPicker();
    const ids = Array.from({ length: 7 }, () => picker.pick(candidates)!.deployment.id);
    expect(ids).toEqual(['p0/m', 'p1/m', 'p2/m', 'p0/m', 'p1/m', 'p2/m', 'p0/m']);
  });

  it('property: over a stable set every prefix is within ±1 of fair', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 200 }), (n, picks) => {
        const candidates = makeCandidates(n);
        const picker = new RoundRobinPicker();
        const counts = new Array<number>(n).fill(0);
        for (let k = 1; k <= picks; k++) {
          counts[candidates.indexOf(picker.pick(candidates)!)]++;
          if (Math.max(...counts) - Math.min(...counts) > 1) return false;
          if (counts.some((c) => Math.abs(c - k / n) >= 1)) return false;
        }
        return true;
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('property: with a changing set, a deployment present throughout waits at most n − 1 picks', () => {
    const n = 6;
    const all = makeCandidates(n);
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n }), {
          minLength: 1,
          maxLength: 120,
        }),
        (subsets) => {
          const picker = new RoundRobinPicker();
          const waiting = new Array<number>(n).fill(0); // consecutive picks present but not chosen
          for (const subset of subsets) {
            const candidates = [...subset].sort((x, y) => x - y).map((i) => all[i]);
            const chosen = all.indexOf(picker.pick(candidates)!);
            for (let i = 0; i < n; i++) {
              if (i === chosen || !subset.includes(i)) waiting[i] = 0;
              else if (++waiting[i] > n - 1) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });

  it('lets a newcomer go first and a returning deployment resume its turn', () => {
    const [a, b, c] = makeCandidates(3);
    const picker = new RoundRobinPicker();
    expect(picker.pick([a, b])).toBe(a);
    expect(picker.pick([a, b])).toBe(b);
    expect(picker.pick([a, b, c])).toBe(c); // never picked
    expect(picker.pick([a, b, c])).toBe(a);
    expect(picker.pick([b, c])).toBe(b);
    expect(picker.pick([a, b, c])).toBe(c);
  });

  it('honours an accept filter without disturbing the others’ turns', () => {
    const [a, b, c] = makeCandidates(3);
    const picker = new RoundRobinPicker();
    const notB = (x: typeof a) => x !== b;
    expect([picker.pick([a, b, c], notB), picker.pick([a, b, c], notB), picker.pick([a, b, c], notB)]).toEqual([a, c, a]);
    expect(picker.pick([a, b, c])).toBe(b);
    expect(picker.pick([a, b, c], () => false)).toBeUndefined();
  });

  it('pickMin takes the lowest load and breaks ties round robin', () => {
    const req = makeRequest();
    const cs = [3, 1, 1, 4].map((inFlight, i) => makeCandidate(makeDeployment(`p${i}/m`), { inFlight }));
    const picker = new RoundRobinPicker();
    const ids = Array.from({ length: 4 }, () => picker.pickMin(cs, req, inFlightLoad)!.deployment.id);
    expect(ids).toEqual(['p1/m', 'p2/m', 'p1/m', 'p2/m']);
  });

  it('property: picks exactly what a scan for the least recently picked would, whether lists repeat (indexed), are fresh, or are an indexed list less a few (a retry\'s pool)', () => {
    const n = 8;
    const all = makeCandidates(n);
    const req = makeRequest();
    // A few fixed subsets, reused by identity (as the router reuses its pool), and fresh copies.
    const subsetArb = fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n }).map((ix) => [...ix].sort((x, y) => x - y));
    // `drop`: a fresh copy less a few members, as a retry's pool is the router's pool less the tried ones.
    const stepArb = fc.record({ list: fc.integer({ min: 0, max: 3 }), fresh: fc.boolean(), min: fc.boolean(), times: fc.integer({ min: 1, max: 12 }), drop: fc.array(fc.nat(), { maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(subsetArb, { minLength: 4, maxLength: 4 }), fc.array(stepArb, { maxLength: 60 }), (subsets, steps) => {
        const lists = subsets.map((ix) => ix.map((i) => all[i]));
        const picker = new RoundRobinPicker();
        const lastSeq = new Map<string, number>();
        let seq = 0;
        const scan = (cs: readonly Candidate[]): Candidate => {
          let best = cs[0];
          for (const c of cs) if ((lastSeq.get(c.deployment.id) ?? -1) < (lastSeq.get(best.deployment.id) ?? -1)) best = c;
          lastSeq.set(best.deployment.id, seq++);
          return best;
        };
        for (const st of steps) {
          let list = st.fresh ? [...lists[st.list]] : lists[st.list];
          if (st.fresh && st.drop.length > 0 && st.drop.length < list.length) {
            const gone = new Set(st.drop.map((d) => list[d % list.length]));
            list = list.filter((c) => !gone.has(c));
          }
          for (let k = 0; k < st.times; k++) {
            // pickMin with equal loads is round robin too, and shares the turn order with pick.
            const got = st.min ? picker.pickMin(list, req, () => 0) : picker.pick(list);
            expect(got).toBe(scan(list));
          }
        }
      }),
      { numRuns: 1000, seed: 21 },
    );
  });
});

