import { describe, expect, it } from 'vitest';
import { CostStrategy } from './cost.js';
import { makeCandidate, makeContext, makeDeployment, makeRequest } from './test-fixtures.js';

// Request: 1000 input + 500 expected output tokens. Costs in USD:
const cheapLow = makeCandidate(makeDeployment('together/llama', { qualityTier: 'low', inputUsdPerMTok: 0.25, outputUsdPerMTok: 1.25 })); // 0.000875
const midCheap = makeCandidate(makeDeployment('mistral/small', { qualityTier: 'medium', inputUsdPerMTok: 0.5, outputUsdPerMTok: 1.5 })); // 0.00125
const mid = makeCandidate(makeDeployment('anthropic/sonnet', { qualityTier: 'medium', inputUsdPerMTok: 3, outputUsdPerMTok: 15 })); // 0.0105
const high = makeCandidate(makeDeployment('openai/gpt-4', { qualityTier: 'high', inputUsdPerMTok: 15, outputUsdPerMTok: 75 })); // 0.0525
const all = [high, mid, midCheap, cheapLow];

const strategy = (overBudget: 'keep-quality' | 'downgrade' = 'keep-quality') =>
  new CostStrategy({ tokensPerWord: 1.3, overBudget });
const pickId = (
  tier: 'low' | 'medium' | 'high',
  budgetUsd: number | undefined,
  candidates = all,
  overBudget: 'keep-quality' | 'downgrade' = 'keep-quality',
) =>
  strategy(overBudget).pick(makeRequest({ qualityTier: tier, budgetUsd, inputTokens: 1_000, expectedOutputTokens: 500 }), candidates, makeContext())
    ?.deployment.id;

describe('cost strategy', () => {
  it('estimates the exact request cost per deployment', () => {
    const scores = strategy().explain(makeRequest({ inputTokens: 1_000, expectedOutputTokens: 500 }), all);
    expect(scores['together/llama']).toBeCloseTo(0.000875, 12);
    expect(scores['mistral/small']).toBeCloseTo(0.00125, 12);
    expect(scores['anthropic/sonnet']).toBeCloseTo(0.0105, 12);
    expect(scores['openai/gpt-4']).toBeCloseTo(0.0525, 12);
  });

  it('picks the cheapest deployment whose tier rank is ≥ the request’s', () => {
    expect(pickId('low', undefined)).toBe('together/llama');
    expect(pickId('medium', undefined)).toBe('mistral/small');
    expect(pickId('high', undefined)).toBe('openai/gpt-4');
  });

  it('lets a low request use a medium model when no low one is available (rank ≥, not exact match)', () => {
    expect(pickId('low', undefined, [high, mid, midCheap])).toBe('mistral/small');
  });

  it('within budget: the cheapest qualifying deployment', () => {
    expect(pickId('low', 0.001)).toBe('together/llama');
    expect(pickId('medium', 0.002)).toBe('mistral/small');
  });

  it('over budget, keeps quality: the cheapest qualifying deployment, not a cheaper lower tier', () => {
    expect(pickId('low', 0.0008)).toBe('together/llama'); // nothing fits: still the cheapest qualifying
    expect(pickId('medium', 0.001)).toBe('mistral/small'); // cheapLow fits the budget but is 'low'
    expect(pickId('high', 0.01)).toBe('openai/gpt-4');
  });

  it("with overBudget 'downgrade', takes the highest tier that fits the budget, cheapest within it", () => {
    expect(pickId('high', 0.02, [high, mid, cheapLow], 'downgrade')).toBe('anthropic/sonnet'); // medium beats cheaper low
    expect(pickId('high', 0.02, all, 'downgrade')).toBe('mistral/small'); // cheapest medium within budget
    expect(pickId('medium', 0.001, all, 'downgrade')).toBe('together/llama'); // only low fits
    expect(pickId('medium', 0.0005, all, 'downgrade')).toBe('mistral/small'); // nothing fits: keep quality
    expect(pickId('high', 0.06, all, 'downgrade')).toBe('openai/gpt-4'); // qualifying fits: no downgrade
    expect(pickId('high', 0.0525 + 1e-12, all, 'downgrade')).toBe('openai/gpt-4'); // bound is inclusive
  });

  it('with no qualifying deployment falls back to the cheapest overall', () => {
    expect(pickId('high', undefined, [mid, midCheap, cheapLow])).toBe('together/llama');
  });

  it('applies costMultiplier', () => {
    const marked = makeCandidate(makeDeployment('mistral/small', { qualityTier: 'medium', inputUsdPerMTok: 0.5, outputUsdPerMTok: 1.5, costMultiplier: 10 })); // 0.0125
    expect(pickId('medium', undefined, [marked, mid])).toBe('anthropic/sonnet');
  });

  it('breaks ties by deployment order', () => {
    const twinA = makeCandidate(makeDeployment('a/m', { inputUsdPerMTok: 1, outputUsdPerMTok: 1 }));
    const twinB = makeCandidate(makeDeployment('b/m', { inputUsdPerMTok: 1, outputUsdPerMTok: 1 }));
    expect(pickId('low', undefined, [twinA, twinB])).toBe('a/m');
    expect(pickId('low', undefined, [twinB, twinA])).toBe('b/m');
  });

  it('estimates prompt tokens from words when inputTokens is 0 (tokensPerWord configurable)', () => {
    const req = makeRequest({ inputTokens: 0, expectedOutputTokens: 0, promptText: 'one two three four five six seven eight nine ten' });
    expect(strategy().explain(req, [cheapLow])['together/llama']).toBeCloseTo((13 * 0.25) / 1e6, 15);
    expect(new CostStrategy({ tokensPerWord: 2, overBudget: 'keep-quality' }).explain(req, [cheapLow])['together/llama']).toBeCloseTo((20 * 0.25) / 1e6, 15);
  });

  it('prefers untried deployments on a retry and returns undefined for no candidates', () => {
    const req = makeRequest({ qualityTier: 'low' });
    expect(strategy().pick(req, all, makeContext({ tried: new Set(['together/llama']) }))?.deployment.id).toBe('mistral/small');
    expect(strategy().pick(req, [], makeContext())).toBeUndefined();
  });
});
