import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import type { RequestQuality } from '../types.js';
import { CostStrategy, costParamsSchema } from './cost.js';
import { NoisyQualityPredictor, predictorAuc, standardNormalCdf } from './quality-predictor.js';
import { QualityThresholdStrategy, qualityThresholdParamsSchema } from './quality-threshold.js';
import { makeCandidates, makeContext, makeRequest } from './test-fixtures.js';

const WIN: RequestQuality = { strongCorrect: true, weakCorrect: false };
const BOTH_RIGHT: RequestQuality = { strongCorrect: true, weakCorrect: true };
const BOTH_WRONG: RequestQuality = { strongCorrect: false, weakCorrect: false };
const LOSS: RequestQuality = { strongCorrect: false, weakCorrect: true };
const TRUTHS = [WIN, BOTH_RIGHT, BOTH_WRONG, LOSS];

/** p0 weak cheap, p1 strong dear, p2 weak dearer, p3 strong cheaper than p1. */
const candidates = makeCandidates(4, (i) => ({
  qualityTier: (['medium', 'high', 'low', 'high'] as const)[i],
  inputUsdPerMTok: [0.6, 10, 1, 5][i],
  outputUsdPerMTok: [0.6, 30, 1, 15][i],
}));

const strategy = (params: Partial<{ threshold: number; noise: number }>) => new QualityThresholdStrategy(qualityThresholdParamsSchema.parse(params));

describe('quality-threshold strategy', () => {
  it('noise 0 is the oracle: strong exactly when the strong model wins, at every threshold in (0, 1]', () => {
    for (const threshold of [1e-9, 0.05, 0.5, 0.95, 1]) {
      const s = strategy({ threshold, noise: 0 });
      for (const quality of TRUTHS) {
        const picked = s.pick(makeRequest({ id: 7, quality }), candidates, makeContext());
        expect(picked?.deployment.id, `${threshold} ${JSON.stringify(quality)}`).toBe(quality === WIN ? 'p3/m' : 'p0/m');
      }
    }
  });

  it('threshold 0 always calls the strong model (cheapest strong deployment)', () => {
    const s = strategy({ threshold: 0, noise: 2 });
    for (let id = 0; id < 200; id++) {
      expect(s.pick(makeRequest({ id, quality: TRUTHS[id % 4] }), candidates, makeContext())?.deployment.id).toBe('p3/m');
    }
  });

  it('the strong set only shrinks as the threshold rises (per request, so the strong-call rate is monotone)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.tuple(fc.nat(1_000_000), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 60 }),
        (noise, t1, t2, requests) => {
          const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
          const low = strategy({ threshold: lo, noise });
          const high = strategy({ threshold: hi, noise });
          let strongLow = 0;
          let strongHigh = 0;
          for (const [id, k] of requests) {
            const req = makeRequest({ id, quality: TRUTHS[k] });
            const a = low.wantsStrong(req, makeContext({}, 'seed'));
            const b = high.wantsStrong(req, makeContext({}, 'seed'));
            if (b && !a) return false;
            strongLow += a ? 1 : 0;
            strongHigh += b ? 1 : 0;
          }
          return strongHigh <= strongLow;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the noise of a request does not depend on the strategy instance, the threshold or earlier requests (common random numbers)', () => {
    const a = new NoisyQualityPredictor(1);
    const b = new NoisyQualityPredictor(2);
    const rngA = createRng('crn');
    const rngB = createRng('crn');
    for (let id = 0; id < 50; id++) b.standardNormal(id * 7 + 1, rngB); // b sees other requests first
    for (const id of [3, 99, 12345]) expect(a.standardNormal(id, rngA)).toBe(b.standardNormal(id, rngB));
    // Reading the noise does not consume the strategy's own stream.
    const fresh = createRng('crn');
    expect(rngA.next()).toBe(fresh.next());
  });

  it('a request-supplied prediction replaces the simulated predictor', () => {
    const s = strategy({ threshold: 0.6, noise: 0 });
    const ask = (p: number, q: RequestQuality) => s.pick(makeRequest({ quality: { ...q, predictedStrongWinProbability: p } }), candidates, makeContext())?.deployment.id;
    expect(ask(0.7, LOSS)).toBe('p3/m');
    expect(ask(0.5, WIN)).toBe('p0/m');
  });

  it('fails over within the wanted role first, then to the other role', () => {
    const s = strategy({ threshold: 0.5, noise: 0 });
    const req = makeRequest({ id: 1, quality: WIN });
    expect(s.pick(req, candidates, makeContext({ tried: new Set(['p3/m']) }))?.deployment.id).toBe('p1/m');
    expect(s.pick(req, candidates.filter((c) => c.deployment.qualityTier !== 'high'), makeContext())?.deployment.id).toBe('p0/m');
    const weakReq = makeRequest({ id: 2, quality: LOSS });
    expect(s.pick(weakReq, candidates, makeContext({ tried: new Set(['p0/m']) }))?.deployment.id).toBe('p2/m');
  });

  it('without ground truth it routes exactly like the cost strategy', () => {
    const s = strategy({ threshold: 0.5, noise: 1 });
    const cost = new CostStrategy(costParamsSchema.parse({}));
    for (const qualityTier of ['low', 'medium', 'high'] as const) {
      for (const budgetUsd of [undefined, 1e-6, 1]) {
        const req = makeRequest({ qualityTier, budgetUsd });
        expect(s.pick(req, candidates, makeContext())).toBe(cost.pick(req, candidates, makeContext()));
      }
    }
  });

  it('explain scores: the prediction for strong deployments, its complement for weak ones', () => {
    const s = strategy({ threshold: 0.5, noise: 0 });
    expect(s.explain(makeRequest({ quality: WIN }), candidates, makeContext())).toEqual({ 'p0/m': 0, 'p1/m': 1, 'p2/m': 0, 'p3/m': 1 });
  });
});

describe('the simulated predictor', () => {
  const N = 20_000;
  // Equal numbers of wins and non-wins: the score is then a calibrated posterior.
  const rng = createRng('predictor-stats');
  const scored = (noise: number) => {
    const p = new NoisyQualityPredictor(noise);
    return Array.from({ length: N }, (_, id) => {
      const win = id % 2 === 0;
      return { win, score: p.score(id, win ? WIN : BOTH_RIGHT, rng) };
    });
  };

  it('its noise draws are standard normal (mean and variance within 5 standard errors)', () => {
    const p = new NoisyQualityPredictor(1);
    const z = Array.from({ length: N }, (_, id) => p.standardNormal(id, rng));
    const mean = z.reduce((a, b) => a + b, 0) / N;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / (N - 1);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    // Tail check: P(z > 1.645) = 0.05.
    const tail = z.filter((x) => x > 1.645).length;
    expect(Math.abs(tail - 0.05 * N)).toBeLessThan(5 * Math.sqrt(N * 0.05 * 0.95));
  });

  it.each([0.5, 1, 2])('σ = %s: ROC AUC matches Φ(√2/σ) within 5 standard errors', (noise) => {
    const s = scored(noise);
    const wins = s.filter((x) => x.win).map((x) => x.score);
    const losses = s.filter((x) => !x.win).map((x) => x.score).sort((a, b) => a - b);
    // Mann–Whitney: P(score of a win > score of a non-win).
    let greater = 0;
    for (const w of wins) {
      let lo = 0;
      let hi = losses.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (losses[mid] < w) lo = mid + 1;
        else hi = mid;
      }
      greater += lo;
    }
    const auc = greater / (wins.length * losses.length);
    const expected = predictorAuc(noise);
    // Hanley–McNeil standard error of an AUC estimate.
    const q1 = expected / (2 - expected);
    const q2 = (2 * expected * expected) / (1 + expected);
    const m = wins.length;
    const se = Math.sqrt((expected * (1 - expected) + (m - 1) * (q1 - expected ** 2) + (m - 1) * (q2 - expected ** 2)) / (m * m));
    expect(Math.abs(auc - expected)).toBeLessThan(5 * se);
  });

  it('with equal priors the score is calibrated: the win rate among scores in a bin matches their mean', () => {
    const s = scored(1.5);
    for (const [lo, hi] of [[0.05, 0.2], [0.4, 0.6], [0.8, 0.95]]) {
      const bin = s.filter((x) => x.score >= lo && x.score < hi);
      const n = bin.length;
      expect(n).toBeGreaterThan(500);
      const meanScore = bin.reduce((a, x) => a + x.score, 0) / n;
      const wins = bin.filter((x) => x.win).length;
      expect(Math.abs(wins - n * meanScore)).toBeLessThan(5 * Math.sqrt(n * meanScore * (1 - meanScore)));
    }
  });

  it('Φ is accurate (spot values)', () => {
    expect(standardNormalCdf(0)).toBeCloseTo(0.5, 7);
    expect(standardNormalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(standardNormalCdf(-1)).toBeCloseTo(0.158655254, 6);
    expect(predictorAuc(0)).toBe(1);
    expect(predictorAuc(1)).toBeCloseTo(0.9213504, 6); // Φ(√2)
  });

  it('rejects a negative or non-finite noise', () => {
    expect(() => new NoisyQualityPredictor(-1)).toThrow(RangeError);
    expect(() => new NoisyQualityPredictor(Number.NaN)).toThrow(RangeError);
    expect(qualityThresholdParamsSchema.safeParse({ threshold: 1.5 }).success).toBe(false);
  });
});
