import { describe, expect, it } from 'vitest';
import { countWords, estimateInputTokens, estimateRequestCostUsd } from './request-cost.js';
import { makeDeployment, makeRequest } from './test-fixtures.js';

describe('countWords', () => {
  it('counts runs of non-whitespace like str.split()', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('   ')).toBe(0);
    expect(countWords('one')).toBe(1);
    expect(countWords('  one two\tthree\nfour\r\n five  ')).toBe(5);
    expect(countWords('a\u00a0b')).toBe(2);
  });
});

describe('estimateInputTokens', () => {
  it('uses inputTokens when known, else words × tokensPerWord, else 0', () => {
    expect(estimateInputTokens(makeRequest({ inputTokens: 42, promptText: 'a b c' }), 1.3)).toBe(42);
    expect(estimateInputTokens(makeRequest({ inputTokens: 0, promptText: 'one two three four five six seven eight nine ten' }), 1.3)).toBeCloseTo(13, 12);
    expect(estimateInputTokens(makeRequest({ inputTokens: 0, promptText: 'a b c d' }), 2)).toBe(8);
    expect(estimateInputTokens(makeRequest({ inputTokens: 0 }), 1.3)).toBe(0);
  });
});

describe('estimateRequestCostUsd', () => {
  it('prices input and expected output per million tokens, times costMultiplier', () => {
    const d = makeDeployment('a/m', { inputUsdPerMTok: 3, outputUsdPerMTok: 15, costMultiplier: 1 });
    const req = makeRequest({ inputTokens: 2_000, expectedOutputTokens: 1_000 });
    expect(estimateRequestCostUsd(d, req, 1.3)).toBeCloseTo(0.006 + 0.015, 15);
    const marked = makeDeployment('a/m', { inputUsdPerMTok: 3, outputUsdPerMTok: 15, costMultiplier: 1.5 });
    expect(estimateRequestCostUsd(marked, req, 1.3)).toBeCloseTo(0.0315, 15);
  });

  it('reads the current price (prices change mid-run)', () => {
    const d = makeDeployment('a/m', { inputUsdPerMTok: 1, outputUsdPerMTok: 0 });
    const req = makeRequest({ inputTokens: 1_000_000, expectedOutputTokens: 0 });
    expect(estimateRequestCostUsd(d, req, 1.3)).toBe(1);
    d.inputUsdPerMTok = 2;
    expect(estimateRequestCostUsd(d, req, 1.3)).toBe(2);
  });
});
