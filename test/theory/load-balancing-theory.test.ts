import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/sim/run-scenario.js';
import { farmScenario } from '../support/farm-scenario.js';
import { confidenceInterval } from '../support/stats.js';

/**
 * Balancing strategies against published values. n identical single-slot servers,
 * exponential service (μ = 1/s), Poisson arrivals at n·λ; W = mean time in system (s).
 * - round robin: each server sees Erlang-n inter-arrivals → E_n/M/1 (n = 3, λ = 0.9: W = 6.7847)
 * - random: each server is M/M/1 (λ = 0.8: W = 5.0)
 * - p2c with two distinct choices, n = 10, λ = 0.9: W = 2.98 ± 0.05 (finite-n supermarket model)
 */
function meanSojournS(strategy: string, n: number, lambda: number, durationS: number, warmupS: number, reps: number): number[] {
  const out: number[] = [];
  for (let r = 1; r <= reps; r++) {
    const s = runScenario(farmScenario({ n, lambdaPerServer: lambda, durationS, warmupS, strategy }), { replication: r });
    expect(s.requests.failed).toBe(0);
    out.push(s.latencyMs.mean / 1000);
  }
  return out;
}

describe('load-balancing theory (99.9% CI per interval, ≥ 99% for the family)', () => {
  it('round robin on 3 servers at λ = 0.9 is E3/M/1: W = 6.7847', () => {
    const ci = confidenceInterval(meanSojournS('round-robin', 3, 0.9, 40_000, 2_000, 12));
    expect(ci.halfWidth / 6.7847).toBeLessThan(0.08);
    expect(6.7847).toBeGreaterThanOrEqual(ci.lo);
    expect(6.7847).toBeLessThanOrEqual(ci.hi);
  });

  it('random routing on 3 servers at λ = 0.8 is M/M/1 per server: W = 5.0', () => {
    const ci = confidenceInterval(meanSojournS('random', 3, 0.8, 40_000, 2_000, 12));
    expect(ci.halfWidth / 5).toBeLessThan(0.08);
    expect(5).toBeGreaterThanOrEqual(ci.lo);
    expect(5).toBeLessThanOrEqual(ci.hi);
  });

  it('p2c on 10 servers at λ = 0.9: W = 2.98 ± 0.05', () => {
    const ci = confidenceInterval(meanSojournS('p2c', 10, 0.9, 6_000, 500, 32));
    expect(ci.halfWidth).toBeLessThan(0.1);
    // The published value carries its own ±0.05; the intervals must overlap.
    expect(ci.hi).toBeGreaterThanOrEqual(2.98 - 0.05);
    expect(ci.lo).toBeLessThanOrEqual(2.98 + 0.05);
  });

  it('at λ = 0.8 on 10 servers: least-connections ≤ p2c ≤ random (paired, common random numbers)', () => {
    const lc = meanSojournS('least-connections', 10, 0.8, 4_000, 300, 6);
    const p2c = meanSojournS('p2c', 10, 0.8, 4_000, 300, 6);
    const rnd = meanSojournS('random', 10, 0.8, 4_000, 300, 6);
    const d1 = confidenceInterval(p2c.map((v, i) => v - lc[i]));
    const d2 = confidenceInterval(rnd.map((v, i) => v - p2c[i]));
    expect(d1.lo, 'p2c − least-connections').toBeGreaterThan(0);
    expect(d2.lo, 'random − p2c').toBeGreaterThan(0);
  });
});
