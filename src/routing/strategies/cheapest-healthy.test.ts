import { describe, expect, it } from 'vitest';
import { CheapestHealthyStrategy, cheapestHealthyParamsSchema } from './cheapest-healthy.js';
import { makeCandidate, makeContext, makeDeployment, makeRequest } from './test-fixtures.js';

const req = makeRequest({ qualityTier: 'high', inputTokens: 1_000, expectedOutputTokens: 1_000 });
const cheapD = makeDeployment('cheap/m', { qualityTier: 'low', inputUsdPerMTok: 0.1, outputUsdPerMTok: 0.2 }); // 0.0003
const midD = makeDeployment('mid/m', { inputUsdPerMTok: 1, outputUsdPerMTok: 2 }); // 0.003
const dearD = makeDeployment('dear/m', { qualityTier: 'high', inputUsdPerMTok: 10, outputUsdPerMTok: 30 }); // 0.04

describe('cheapest-healthy strategy, tiers ignored (respectQualityTier: false)', () => {
  const strategy = new CheapestHealthyStrategy({ tokensPerWord: 1.3, respectQualityTier: false });

  it('picks the cheapest healthy candidate, whatever its quality', () => {
    const candidates = [makeCandidate(dearD), makeCandidate(midD), makeCandidate(cheapD)];
    expect(strategy.pick(req, candidates, makeContext())!.deployment.id).toBe('cheap/m');
    const scores = strategy.explain(req, candidates);
    expect(scores['cheap/m']).toBeCloseTo(0.0003, 15);
    expect(scores['dear/m']).toBeCloseTo(0.04, 15);
  });

  it('skips degraded candidates while a healthy one exists', () => {
    const candidates = [makeCandidate(dearD), makeCandidate(midD, {}, 'degraded'), makeCandidate(cheapD, {}, 'degraded')];
    expect(strategy.pick(req, candidates, makeContext())!.deployment.id).toBe('dear/m');
  });

  it('takes the cheapest of all when none is healthy', () => {
    const candidates = [makeCandidate(dearD, {}, 'degraded'), makeCandidate(midD, {}, 'degraded')];
    expect(strategy.pick(req, candidates, makeContext())!.deployment.id).toBe('mid/m');
  });
});

describe('cheapest-healthy strategy, defaults (respectQualityTier: true)', () => {
  const strategy = new CheapestHealthyStrategy(cheapestHealthyParamsSchema.parse({}));

  it("picks the cheapest healthy candidate of the request's tier or better", () => {
    const candidates = [makeCandidate(dearD), makeCandidate(midD), makeCandidate(cheapD)];
    expect(strategy.pick(req, candidates, makeContext())!.deployment.id).toBe('dear/m'); // the only 'high' one
    const mediumReq = makeRequest({ qualityTier: 'medium', inputTokens: 1_000, expectedOutputTokens: 1_000 });
    expect(strategy.pick(mediumReq, candidates, makeContext())!.deployment.id).toBe('mid/m');
  });

  it('prefers a degraded candidate of the right tier to a healthy one below it', () => {
    const candidates = [makeCandidate(dearD, {}, 'degraded'), makeCandidate(cheapD)];
    expect(strategy.pick(req, candidates, makeContext())!.deployment.id).toBe('dear/m');
  });

  it('falls back to the cheapest healthy candidate when no candidate has the tier', () => {
    const candidates = [makeCandidate(midD), makeCandidate(cheapD)];
    expect(strategy.pick(req, candidates, makeContext())!.deployment.id).toBe('cheap/m');
  });
});
