import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MetricName } from './compare-summary.js';
import { rankPaired, separated, type RankingInput } from './paired-ranking.js';
import { sameDecisionSets } from './same-decisions.js';
import { pairedDiff, type Better } from './statistics.js';

const DIMS: readonly (readonly [MetricName, Better])[] = [
  ['uptime', 'higher'],
  ['costPer1kSuccessfulUsd', 'lower'],
  ['latencyAllP99Ms', 'lower'],
];

type Row = { uptime: number[]; costPer1kSuccessfulUsd: number[]; latencyAllP99Ms: number[] };
const values = (rows: Row[]) => rows as unknown as Record<MetricName, number[]>[];

function input(names: string[], rows: Row[], meetsFloor = names.map(() => true), bound?: boolean[]): RankingInput {
  return { names, values: values(rows), meetsFloor, dims: DIMS, ...(bound ? { bound } : {}) };
}

describe('rankPaired', () => {
  it('gives indistinguishable strategies one rank and one group; the next group takes a competition rank', () => {
    const a = { uptime: [0.99, 0.98, 0.99, 0.97, 0.99], costPer1kSuccessfulUsd: [2, 2.1, 1.9, 2, 2.05], latencyAllP99Ms: [900, 950, 920, 980, 910] };
    const b = { ...a }; // same numbers: e.g. the same decisions under another name
    const c = { uptime: [0.9, 0.89, 0.91, 0.88, 0.9], costPer1kSuccessfulUsd: [1, 1, 1, 1, 1], latencyAllP99Ms: [500, 500, 500, 500, 500] };
    const r = rankPaired(input(['a', 'b', 'c'], [a, b, c]));
    expect(r.ranks).toEqual([1, 1, 3]);
    expect(r.groups).toEqual([['a', 'b'], ['c']]);
  });

  it('does not let an insignificant uptime edge outrank a significant 47% saving (the quickstart case)', () => {
    // Uptime differences within noise (paired CI contains 0); cost halves in every replication.
    const p2c = { uptime: [0.967, 0.95, 0.983, 0.967, 0.967], costPer1kSuccessfulUsd: [3.26, 3.25, 3.3, 3.22, 3.27], latencyAllP99Ms: [26500, 27000, 26000, 26800, 26400] };
    const cost = { uptime: [0.95, 0.967, 0.95, 0.933, 0.933], costPer1kSuccessfulUsd: [1.73, 1.7, 1.75, 1.72, 1.74], latencyAllP99Ms: [25900, 26500, 25000, 27000, 25300] };
    expect(pairedDiff(p2c.uptime, cost.uptime).significant).toBe(false);
    const r = rankPaired(input(['p2c-ewma', 'cost'], [p2c, cost]));
    expect(r.groups).toEqual([['cost'], ['p2c-ewma']]);
    expect(r.ranks).toEqual([2, 1]);
  });

  it('ranks a strategy below the availability floor after every strategy above it, however good its numbers', () => {
    const good = { uptime: [0.99, 0.98, 0.99], costPer1kSuccessfulUsd: [3, 3, 3], latencyAllP99Ms: [900, 900, 900] };
    const failsFast = { uptime: [1, 1, 1], costPer1kSuccessfulUsd: [1, 1, 1], latencyAllP99Ms: [100, 100, 100] };
    const r = rankPaired(input(['good', 'fails-fast'], [good, failsFast], [true, false]));
    expect(r.ranks).toEqual([1, 2]);
  });

  it('places a ground-truth bound alone, without chaining the others into or out of a group', () => {
    const x = { uptime: [0.95, 0.96, 0.94, 0.95], costPer1kSuccessfulUsd: [2, 2, 2, 2], latencyAllP99Ms: [1, 1, 1, 1] };
    const oracle = { uptime: [1, 1, 1, 1], costPer1kSuccessfulUsd: [1, 1, 1, 1], latencyAllP99Ms: [1, 1, 1, 1] };
    const r = rankPaired(input(['x', 'y', 'oracle'], [x, { ...x }, oracle], [true, true, true], [false, false, true]));
    expect(r.groups).toEqual([['oracle'], ['x', 'y']]);
    expect(r.ranks).toEqual([2, 2, 1]);
  });

  it('with one replication nothing is separated: all strategies share rank 1', () => {
    const row = (u: number) => ({ uptime: [u], costPer1kSuccessfulUsd: [u], latencyAllP99Ms: [u] });
    expect(rankPaired(input(['a', 'b', 'c'], [row(0.9), row(0.5), row(0.1)])).ranks).toEqual([1, 1, 1]);
  });

  it('property: groups are tie cliques, ranks are competition ranks, and a significant uptime win always ranks above', () => {
    const rep = fc.double({ min: 0, max: 1, noNaN: true });
    const strategy = fc.record({
      base: fc.record({ u: rep, c: fc.double({ min: 0.1, max: 10, noNaN: true }), p: fc.double({ min: 10, max: 1e5, noNaN: true }) }),
      noise: fc.array(fc.tuple(rep, rep, rep), { minLength: 4, maxLength: 4 }),
      floor: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(strategy, { minLength: 1, maxLength: 7 }), (ss) => {
        const names = ss.map((_, i) => `s${i}`);
        const rows = ss.map(({ base, noise }) => ({
          uptime: noise.map(([a]) => Math.min(1, base.u + 0.05 * (a - 0.5))),
          costPer1kSuccessfulUsd: noise.map(([, b]) => base.c * (1 + 0.1 * (b - 0.5))),
          latencyAllP99Ms: noise.map(([, , c]) => base.p * (1 + 0.1 * (c - 0.5))),
        }));
        const inp = input(names, rows, ss.map((s) => s.floor));
        const { ranks, groups } = rankPaired(inp);
        expect(groups.flat().sort()).toEqual([...names].sort());
        let before = 0;
        for (const g of groups) {
          for (const n of g) expect(ranks[names.indexOf(n)]).toBe(before + 1);
          before += g.length;
          for (const a of g) for (const b of g) {
            const [i, j] = [names.indexOf(a), names.indexOf(b)];
            expect(inp.meetsFloor[i]).toBe(inp.meetsFloor[j]);
            for (const [m] of DIMS) if (i !== j) expect(separated(inp, m, i, j)).toBe(false);
          }
        }
        for (let i = 0; i < names.length; i++) {
          for (let j = 0; j < names.length; j++) {
            if (inp.meetsFloor[i] && !inp.meetsFloor[j]) expect(ranks[i]).toBeLessThan(ranks[j]);
            const d = pairedDiff(rows[i].uptime, rows[j].uptime);
            if (inp.meetsFloor[i] === inp.meetsFloor[j] && d.significant && d.mean > 0) expect(ranks[i]).toBeLessThan(ranks[j]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('sameDecisionSets', () => {
  it('lists strategies whose fingerprints match in every replication, once per set', () => {
    const sets = sameDecisionSets(
      ['cost', 'hybrid', 'p2c', 'cheapest-healthy', 'random', 'priority'],
      [['a1', 'a2'], ['a1', 'a2'], ['b1', 'b2'], ['a1', 'a2'], ['c1', 'c2'], ['c1', 'x2']],
    );
    expect(sets).toEqual([['cost', 'hybrid', 'cheapest-healthy']]);
  });

  it('never matches a missing fingerprint', () => {
    expect(sameDecisionSets(['a', 'b'], [[undefined], [undefined]])).toEqual([]);
  });
});
