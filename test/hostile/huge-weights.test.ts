import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/config/load-scenario.js';
import { createRng } from '../../src/core/rng.js';
import { scaledWeights, weightScale } from '../../src/core/weight-scale.js';
import { HistogramDistribution } from '../../src/sim/distributions/empirical.js';
import { ConstantDistribution } from '../../src/sim/distributions/constant.js';
import { MixtureDistribution } from '../../src/sim/distributions/mixture.js';
import { WeightedChoice } from '../../src/sim/distributions/weighted-choice.js';
import { runScenario } from '../../src/sim/run-scenario.js';
import { pickWeightedRandom } from '../../src/routing/strategies/pickers/random-picker.js';
import { SmoothWeightedPicker } from '../../src/routing/strategies/pickers/smooth-weighted-picker.js';
import { makeCandidates, withinBinomial } from '../../src/routing/strategies/test-fixtures.js';
import type { Candidate } from '../../src/routing/types.js';

/**
 * Weights are any finite non-negative numbers, and the sum of two 1e308 weights is Infinity:
 * runs once crashed on it (qualityMix, categories, tenants, mixtures) or split equal huge
 * deployment weights 0:100. Every place that normalises weights must split them by ratio.
 */
const MAX = Number.MAX_VALUE;
const byWeight = (c: Candidate) => c.deployment.weight;

describe('weightScale', () => {
  it('leaves ordinary weights alone and brings huge or tiny ones near 1 by a power of two', () => {
    for (const w of [1, 0.001, 3e9, 2 ** 256, 2 ** -256]) expect(weightScale(w)).toBe(1);
    for (const w of [1e308, MAX, 2 ** 300, 1e-300, 5e-324]) {
      const s = weightScale(w);
      expect(Math.log2(s)).toBe(Math.round(Math.log2(s))); // a power of two
      expect(w * s).toBeGreaterThanOrEqual(w === 5e-324 ? 2 ** -100 : 0.5);
      expect(w * s).toBeLessThan(2);
    }
    expect([weightScale(0), weightScale(Infinity), weightScale(NaN)]).toEqual([1, 1, 1]);
  });

  it('property: scaled weights have a finite sum and, where they stay normal, exactly the same ratios', () => {
    const weight = fc.oneof(fc.double({ min: 0, max: MAX, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(MAX, 1e308, 0, 1, 5e-324));
    fc.assert(
      fc.property(fc.array(weight, { minLength: 1, maxLength: 50 }), (ws) => {
        const scaled = scaledWeights(ws);
        expect(Number.isFinite(scaled.reduce((a, b) => a + b, 0))).toBe(true);
        const normal = scaled.map((s, i) => [s, ws[i]] as const).filter(([s]) => s >= 2 ** -1022);
        for (const [s, w] of normal) expect(s / normal[0][0]).toBe(w / normal[0][1]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('equal huge weights split evenly', () => {
  it('WeightedChoice (qualityMix, categories, tenants, ServeGen PMFs)', () => {
    const three = new WeightedChoice([1e308, 1e308, 1e308]);
    expect([0, 1, 2].map((i) => three.probability(i))).toEqual([1 / 3, 1 / 3, 1 / 3]);
    const withZero = new WeightedChoice([MAX, 0, MAX]);
    expect([0, 1, 2].map((i) => withZero.probability(i))).toEqual([0.5, 0, 0.5]);
    const threeToOne = new WeightedChoice([MAX, MAX / 3]);
    expect(threeToOne.probability(0)).toBeCloseTo(0.75, 15);
    const rng = createRng('huge');
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[three.sample(rng)]++;
    for (const c of counts) expect(withinBinomial(c, 30_000, 1 / 3)).toBe(true);
  });

  it('mixtures and histogram bins', () => {
    const mixture = new MixtureDistribution([
      { weight: 1e308, dist: new ConstantDistribution(10) },
      { weight: 1e308, dist: new ConstantDistribution(20) },
    ]);
    expect(mixture.components.map((c) => c.weight)).toEqual([0.5, 0.5]);
    expect(mixture.mean).toBe(15);
    const histogram = new HistogramDistribution([{ lo: 0, hi: 10, weight: MAX }, { lo: 10, hi: 20, weight: MAX }]);
    expect(histogram.mean).toBe(10);
  });

  it('weighted random deployments (LiteLLM simple-shuffle): 50:50 within a 5-sigma binomial bound', () => {
    const candidates = makeCandidates(2, () => ({ weight: 1e308 }));
    const rng = createRng('shuffle');
    let first = 0;
    for (let i = 0; i < 20_000; i++) if (pickWeightedRandom(candidates, rng, byWeight) === candidates[0]) first++;
    expect(withinBinomial(first, 20_000, 0.5)).toBe(true);
  });

  it('smooth weighted round robin: equal huge weights alternate, 3:1 huge weights repeat a a b a', () => {
    const picker = new SmoothWeightedPicker();
    const equal = makeCandidates(2, () => ({ weight: MAX }));
    expect(Array.from({ length: 6 }, () => picker.pick(equal, byWeight)!.deployment.id)).toEqual(['p0/m', 'p1/m', 'p0/m', 'p1/m', 'p0/m', 'p1/m']);
    const uneven = makeCandidates(2, (i) => ({ weight: [3 * 2 ** 1020, 2 ** 1020][i] })); // exactly 3:1, ~1e307
    const other = new SmoothWeightedPicker();
    expect(Array.from({ length: 8 }, () => other.pick(uneven, byWeight)!.deployment.id)).toEqual(['p0/m', 'p0/m', 'p1/m', 'p0/m', 'p0/m', 'p0/m', 'p1/m', 'p0/m']);
  });

  it('a whole run with every weight at 1e308 splits traffic evenly between two providers', () => {
    const text = `name: huge-weights
durationS: 600
traffic:
  arrivals: { kind: poisson, ratePerS: 20 }
  inputTokens: { kind: mixture, components: [{ weight: 1e308, dist: 100 }, { weight: 1e308, dist: 300 }] }
  outputTokens: { kind: empirical, histogram: [{ lo: 10, hi: 20, weight: 1e308 }, { lo: 20, hi: 30, weight: 1e308 }] }
  qualityMix: { low: 1e308, medium: 1e308, high: 1e308 }
  categories: { chat: 1e308, code: 1e308 }
  tenants: { a: 1.7976931348623157e308, b: 1.7976931348623157e308 }
providers:
  - { id: a, models: [{ id: m }], weight: 1e308 }
  - { id: b, models: [{ id: m }], weight: 1e308 }
`;
    const scenario = parseScenarioText(text, 'huge-weights.yaml');
    for (const strategy of ['weighted-random', 'weighted-round-robin']) {
      const summary = runScenario(scenario, { strategy });
      const [a, b] = summary.deployments.map((d) => d.attempts);
      const n = a + b;
      expect(n).toBeGreaterThan(10_000);
      if (strategy === 'weighted-round-robin') expect(Math.abs(a - b)).toBeLessThanOrEqual(1);
      else expect(withinBinomial(a, n, 0.5)).toBe(true);
    }
  });
});
