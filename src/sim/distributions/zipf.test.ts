import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../core/rng.js';
import type { Rng } from '../../core/ports.js';
import { DistributionError } from './distribution.js';
import { proportionHalfWidth } from './sample-summary.js';
import { ZipfSampler } from './zipf.js';

const Z = 4.5;

function harmonic(n: number, s: number): number {
  let h = 0;
  for (let k = n; k >= 1; k--) h += k ** -s; // smallest terms first
  return h;
}

function counts(z: ZipfSampler, seed: string, draws: number, upTo: number): number[] {
  const c = new Array<number>(upTo).fill(0);
  const rng = new SeededRng(seed);
  let valid = true;
  for (let i = 0; i < draws; i++) {
    const r = z.sample(rng);
    valid &&= r >= 0 && r < z.n && Number.isInteger(r);
    if (r < upTo) c[r]++;
  }
  expect(valid).toBe(true);
  return c;
}

/**
 * Interval for the ratio c0/c1 of two multinomial counts with expectations e0, e1: by the delta
 * method Var(c0/c1) ≈ r²(1/e0 + 1/e1) (+ a negative covariance term, dropped: conservative).
 */
function ratioHalfWidth(r: number, e0: number, e1: number): number {
  return Z * r * Math.sqrt(1 / e0 + 1 / e1);
}

describe('ZipfSampler', () => {
  it.each([
    [1000, 1.1],
    [1000, 0.6],
    [50, 2],
  ])('n = %d, s = %d: rank-1/rank-2 ratio ≈ 2^s and top ranks match their probabilities', (n, s) => {
    const z = new ZipfSampler(n, s);
    const draws = 200_000;
    const c = counts(z, `zipf${n}-${s}`, draws, 10);
    const h = harmonic(n, s);
    for (let k = 0; k < 10; k++) {
      const p = (k + 1) ** -s / h;
      expect(Math.abs(z.probability(k) - p)).toBeLessThanOrEqual(1e-12 * p);
      expect(Math.abs(c[k] / draws - p)).toBeLessThanOrEqual(proportionHalfWidth(p, draws, Z));
    }
    const r = 2 ** s;
    expect(Math.abs(c[0] / c[1] - r)).toBeLessThanOrEqual(ratioHalfWidth(r, draws * z.probability(0), draws * z.probability(1)));
  });

  it('n = 1e6, s = 1: builds, samples the whole range, and keeps the 2:1 head ratio', () => {
    const z = new ZipfSampler(1_000_000, 1);
    const draws = 100_000;
    const c = counts(z, 'big', draws, 2);
    expect(Math.abs(c[0] / c[1] - 2)).toBeLessThanOrEqual(ratioHalfWidth(2, draws * z.probability(0), draws * z.probability(1)));
    // Mass in the upper half of the ranks: (H(1e6) − H(5e5)) / H(1e6) ≈ ln 2 / 14.39.
    const tail = (harmonic(1_000_000, 1) - harmonic(500_000, 1)) / harmonic(1_000_000, 1);
    let upper = 0;
    const rng = new SeededRng('big-tail');
    for (let i = 0; i < draws; i++) if (z.sample(rng) >= 500_000) upper++;
    expect(Math.abs(upper / draws - tail)).toBeLessThanOrEqual(proportionHalfWidth(tail, draws, Z));
  });

  it('s = 0 is uniform over 0..n−1', () => {
    const z = new ZipfSampler(7, 0);
    const draws = 70_000;
    const c = counts(z, 'uniform', draws, 7);
    for (const k of c) expect(Math.abs(k / draws - 1 / 7)).toBeLessThanOrEqual(proportionHalfWidth(1 / 7, draws, Z));
    expect(z.probability(3)).toBe(1 / 7);
  });

  it('is one uniform per sample and monotone in it (hot ranks stay hot under common random numbers)', () => {
    const z = new ZipfSampler(100, 1.2);
    let prev = 0;
    for (let i = 0; i < 10_000; i++) {
      const u = i / 10_000;
      const rng: Rng = { next: () => u, int: () => { throw new Error('unused'); }, fork: () => { throw new Error('unused'); }, seed: 'u' };
      const r = z.sample(rng);
      expect(r).toBeGreaterThanOrEqual(prev);
      prev = r;
    }
    expect(prev).toBe(99);
  });

  it('probabilities sum to 1 and invalid parameters are rejected', () => {
    const z = new ZipfSampler(500, 0.8);
    let sum = 0;
    for (let k = 0; k < 500; k++) sum += z.probability(k);
    expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
    expect(z.probability(500)).toBe(0);
    expect(() => new ZipfSampler(0, 1)).toThrow(DistributionError);
    expect(() => new ZipfSampler(1.5, 1)).toThrow(DistributionError);
    expect(() => new ZipfSampler(10, -1)).toThrow(DistributionError);
    expect(new ZipfSampler(1, 3).sample(new SeededRng('x'))).toBe(0);
  });
});
