import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/sim/run-scenario.js';
import { confidenceInterval } from '../support/stats.js';
import { queueScenario } from '../support/queue-scenario.js';

/**
 * The simulator against exact queueing theory. Time unit: 1/μ = 1000 ms unless stated.
 * Each case runs R independent replications (warm-up discarded) and requires the exact
 * value inside the 99.9% Student-t interval (Bonferroni over the family) of the replication means. Run lengths were chosen
 * so the intervals are a few percent wide; a miss means the engine is wrong.
 */
interface Case {
  name: string;
  lambdaPerS: number;
  servers: number;
  serviceMs: unknown;
  wqS: number;
  pWait?: number;
  durationS: number;
  warmupS: number;
  replications: number;
}

const CASES: Case[] = [
  { name: 'M/M/1 ρ=0.5', lambdaPerS: 0.5, servers: 1, serviceMs: { kind: 'exponential', mean: 1000 }, wqS: 1.0, pWait: 0.5, durationS: 20_000, warmupS: 500, replications: 24 },
  { name: 'M/M/1 ρ=0.8', lambdaPerS: 0.8, servers: 1, serviceMs: { kind: 'exponential', mean: 1000 }, wqS: 4.0, pWait: 0.8, durationS: 60_000, warmupS: 2_000, replications: 16 },
  { name: 'M/M/10 λ=9 μ=1', lambdaPerS: 9, servers: 10, serviceMs: { kind: 'exponential', mean: 1000 }, wqS: 0.66873, pWait: 0.66873, durationS: 12_000, warmupS: 300, replications: 16 },
  { name: 'M/M/3 λ=0.2 μ=0.1', lambdaPerS: 0.2, servers: 3, serviceMs: { kind: 'exponential', mean: 10_000 }, wqS: 4.44444, pWait: 0.44444, durationS: 150_000, warmupS: 3_000, replications: 12 },
  { name: 'M/D/1 ρ=0.8 (Pollaczek–Khinchine)', lambdaPerS: 0.8, servers: 1, serviceMs: 1000, wqS: 2.0, durationS: 40_000, warmupS: 1_000, replications: 12 },
];

describe('simulator vs queueing theory (99.9% CI per interval, ≥ 99% for the family)', () => {
  for (const c of CASES) {
    it(`${c.name}: mean wait Wq = ${c.wqS}${c.pWait !== undefined ? `, P(wait) = ${c.pWait}` : ''}`, () => {
      const wq: number[] = [];
      const pw: number[] = [];
      for (let r = 0; r < c.replications; r++) {
        const s = runScenario(queueScenario({ ...c }), { replication: r + 1 });
        expect(s.requests.failed).toBe(0);
        wq.push(s.queueMs.mean / 1000);
        pw.push(s.probWait);
      }
      const ciWq = confidenceInterval(wq);
      expect(ciWq.halfWidth / c.wqS, 'interval should be informative (< 10% of the value)').toBeLessThan(0.1);
      expect(c.wqS, `Wq CI [${ciWq.lo.toFixed(4)}, ${ciWq.hi.toFixed(4)}]`).toBeGreaterThanOrEqual(ciWq.lo);
      expect(c.wqS, `Wq CI [${ciWq.lo.toFixed(4)}, ${ciWq.hi.toFixed(4)}]`).toBeLessThanOrEqual(ciWq.hi);
      if (c.pWait !== undefined) {
        const ciP = confidenceInterval(pw);
        expect(c.pWait, `P(wait) CI [${ciP.lo.toFixed(4)}, ${ciP.hi.toFixed(4)}]`).toBeGreaterThanOrEqual(ciP.lo);
        expect(c.pWait, `P(wait) CI [${ciP.lo.toFixed(4)}, ${ciP.hi.toFixed(4)}]`).toBeLessThanOrEqual(ciP.hi);
      }
    });
  }
});
