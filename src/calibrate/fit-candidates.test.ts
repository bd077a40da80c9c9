import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import { LognormalDistribution } from '../sim/distributions/lognormal.js';
import { drawSamples } from '../sim/distributions/sample-summary.js';
import { fitSample } from './fit-candidates.js';
import { FitError } from './fitted-distribution.js';

describe('fitSample', () => {
  it('ranks candidates by KS distance and recommends the true family for a large lognormal sample', () => {
    const xs = [...drawSamples(new LognormalDistribution(6, 1), createRng('fs'), 3000)];
    const r = fitSample(xs);
    expect(r.candidates.map((c) => c.family)[0]).toBe('lognormal');
    expect(r.recommended).toBe('parametric');
    expect(r.spec).toMatchObject({ kind: 'lognormal' });
    const ds = r.candidates.map((c) => c.ks!.d);
    expect(ds).toEqual([...ds].sort((a, b) => a - b));
    // Gamma and Weibull have thin right tails: at sigma = 1 the KS test rejects both decisively.
    expect(r.candidates.slice(1).every((c) => c.ks!.pValue < 1e-6)).toBe(true);
  });

  it('falls back to the empirical distribution when every family is rejected (two well separated modes)', () => {
    const rng = createRng('bimodal');
    const xs = Array.from({ length: 2000 }, (_, i) => (i % 2 === 0 ? 100 : 1000) * (1 + 0.05 * rng.next()));
    const r = fitSample(xs);
    expect(r.recommended).toBe('empirical');
    expect(r.spec).toEqual(r.empirical);
    const samples = (r.empirical as { samples: number[] }).samples;
    expect(samples).toHaveLength(200);
    expect(samples[0]).toBeGreaterThanOrEqual(100);
    expect(samples[199]).toBeLessThanOrEqual(1050);
  });

  it('reports families it cannot fit instead of failing', () => {
    const r = fitSample([0, 1, 2, 3], { families: ['lognormal', 'exponential'] });
    expect(r.candidates[0].family).toBe('exponential');
    expect(r.candidates[1]).toMatchObject({ family: 'lognormal', error: expect.stringContaining('must be finite and > 0') });
    expect(() => fitSample([])).toThrow(FitError);
  });
});
