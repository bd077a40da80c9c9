import { describe, expect, it } from 'vitest';
import { OracleTruthMissingError } from './errors.js';
import { OracleStrategy } from './oracle.js';
import { makeCandidate, makeContext, makeDeployment, makeRequest, makeTruth } from './test-fixtures.js';

const fastLow = makeCandidate(makeDeployment('fast-low/m', { qualityTier: 'low', inputUsdPerMTok: 0.1 }));
const medA = makeCandidate(makeDeployment('med-a/m', { qualityTier: 'medium', inputUsdPerMTok: 3 }));
const medB = makeCandidate(makeDeployment('med-b/m', { qualityTier: 'medium', inputUsdPerMTok: 1 }));
const high = makeCandidate(makeDeployment('high/m', { qualityTier: 'high', inputUsdPerMTok: 10 }));
const all = [fastLow, medA, medB, high];
const strategy = new OracleStrategy({ tokensPerWord: 1.3 });
const pickId = (tier: 'low' | 'medium' | 'high', latencyMs: Record<string, number>, serving?: Set<string>) =>
  strategy.pick(makeRequest({ qualityTier: tier }), all, makeContext({ truth: makeTruth(latencyMs, serving) }))?.deployment.id;

describe('oracle strategy', () => {
  const latency = { 'fast-low/m': 100, 'med-a/m': 400, 'med-b/m': 300, 'high/m': 900 };

  it('picks the fastest serving deployment of sufficient quality', () => {
    expect(pickId('low', latency)).toBe('fast-low/m');
    expect(pickId('medium', latency)).toBe('med-b/m');
    expect(pickId('high', latency)).toBe('high/m');
  });

  it('skips deployments that are not serving', () => {
    expect(pickId('medium', latency, new Set(['fast-low/m', 'med-a/m', 'high/m']))).toBe('med-a/m');
  });

  it('breaks a latency tie by the lower price', () => {
    expect(pickId('medium', { ...latency, 'med-a/m': 300 })).toBe('med-b/m');
    expect(pickId('medium', { ...latency, 'med-a/m': 300, 'high/m': 300 })).toBe('med-b/m');
  });

  it('relaxes quality, then serving, rather than returning nothing', () => {
    expect(pickId('high', latency, new Set(['fast-low/m', 'med-b/m']))).toBe('fast-low/m');
    expect(pickId('high', latency, new Set())).toBe('fast-low/m');
  });

  it('throws a clear error without ground truth', () => {
    expect(() => strategy.pick(makeRequest(), all, makeContext())).toThrow(OracleTruthMissingError);
    expect(() => strategy.pick(makeRequest(), all, makeContext())).toThrow(/ground truth/);
  });

  it('explains with expected latency (Infinity when not serving)', () => {
    const ctx = makeContext({ truth: makeTruth(latency, new Set(['med-a/m'])) });
    expect(strategy.explain(makeRequest(), [medA, medB], ctx)).toEqual({ 'med-a/m': 400, 'med-b/m': Infinity });
  });
});
