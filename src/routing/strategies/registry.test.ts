import { describe, expect, it } from 'vitest';
import type { AttemptOutcome } from '../types.js';
import { classifierParamsSchema, DEFAULT_CATEGORY_KEYWORDS } from './classifier.js';
import {
  createStrategy,
  getStrategy,
  listStrategies,
  STRATEGY_NAMES,
  StrategyParamsError,
  UnknownStrategyError,
} from './registry.js';
import { makeCandidates, makeContext, makeRequest, makeTruth } from './test-fixtures.js';

const candidates = makeCandidates(4, (i) => ({
  weight: i + 1,
  priority: i % 2,
  qualityTier: (['low', 'medium', 'high', 'medium'] as const)[i],
  capabilities: ['generation'],
}));
const env = { deployments: candidates.map((c) => c.deployment) };
const truth = makeTruth({ 'p0/m': 400, 'p1/m': 300, 'p2/m': 200, 'p3/m': 100 });
const success: AttemptOutcome = { kind: 'success', latencyMs: 800, inputTokens: 10, outputTokens: 10, costUsd: 0 };

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('strategy registry', () => {
  it('registers every strategy of the brief exactly once, under its own name', () => {
    expect([...STRATEGY_NAMES].sort()).toEqual(
      [
        'cost', 'performance', 'hybrid', 'round-robin', 'weighted-round-robin', 'least-connections',
        'least-response-time', 'ip-hash', 'classifier', 'adaptive', 'random', 'weighted-random', 'p2c',
        'p2c-ewma', 'consistent-hash', 'prefix-affinity', 'latency-based', 'usage-based', 'priority', 'cheapest-healthy', 'oracle',
        'quality-threshold',
      ].sort(),
    );
    for (const name of STRATEGY_NAMES) expect(getStrategy(name).name).toBe(name);
  });

  it.each(STRATEGY_NAMES.map((name) => [name]))('%s: creates with {} and undefined params, picks, explains, observes', (name) => {
    for (const params of [{}, undefined]) {
      const strategy = createStrategy(name, params, env);
      expect(strategy.name).toBe(name);
      const req = makeRequest({ id: 3, clientId: 'client', promptText: 'write a poem', qualityTier: 'medium' });
      const ctx = makeContext({ truth }, name);
      for (let i = 0; i < 20; i++) {
        const picked = strategy.pick(req, candidates, ctx);
        expect(candidates).toContain(picked);
        strategy.observe?.(picked!.deployment.id, success, i);
      }
      expect(strategy.pick(req, [], ctx)).toBeUndefined();
      const scores = strategy.explain?.(req, candidates, ctx);
      expect(Object.keys(scores ?? {}).sort()).toEqual(candidates.map((c) => c.deployment.id));
    }
  });

  it('gives each router a fresh, independent instance', () => {
    const a = createStrategy('round-robin', {}, env);
    const b = createStrategy('round-robin', {}, env);
    const req = makeRequest();
    expect(a.pick(req, candidates, makeContext())).toBe(candidates[0]);
    expect(a.pick(req, candidates, makeContext())).toBe(candidates[1]);
    expect(b.pick(req, candidates, makeContext())).toBe(candidates[0]);
  });

  it('rejects an unknown name with the valid names and a did-you-mean', () => {
    const error = thrown(() => getStrategy('round-robbin'));
    expect(error).toBeInstanceOf(UnknownStrategyError);
    const unknown = error as UnknownStrategyError;
    expect(unknown.suggestion).toBe('round-robin');
    expect(unknown.message).toContain("Did you mean 'round-robin'?");
    for (const name of STRATEGY_NAMES) expect(unknown.message).toContain(name);
    expect((thrown(() => createStrategy('p2c_ewma', {}, env)) as UnknownStrategyError).suggestion).toBe('p2c-ewma');
    expect((thrown(() => createStrategy('leastconnections', {}, env)) as UnknownStrategyError).suggestion).toBe('least-connections');
    const far = thrown(() => getStrategy('quantum-annealing')) as UnknownStrategyError;
    expect(far.suggestion).toBeUndefined();
    expect(far.message).not.toContain('Did you mean');
  });

  it('rejects bad params with a StrategyParamsError naming the path', () => {
    const cases: [string, unknown, string][] = [
      ['consistent-hash', { virtualNodes: 0 }, 'virtualNodes'],
      ['consistent-hash', { virtualNodes: 1.5 }, 'virtualNodes'],
      ['round-robin', { foo: 1 }, 'foo'],
      ['weighted-round-robin', { weights: { 'a/m': -1 } }, 'weights.a/m'],
      ['performance', { wSuccess: 'high' }, 'wSuccess'],
      ['classifier', { tieBreak: 'coin' }, 'tieBreak'],
      ['classifier', { keywords: { code: [] } }, 'keywords.code'],
      ['adaptive', { rate: 0 }, 'rate'],
      ['latency-based', { buffer: -0.1 }, 'buffer'],
      ['p2c', 'not an object', ''],
    ];
    for (const [name, params, path] of cases) {
      const error = thrown(() => createStrategy(name, params, env));
      expect(error, `${name} ${JSON.stringify(params)}`).toBeInstanceOf(StrategyParamsError);
      expect((error as StrategyParamsError).strategy).toBe(name);
      expect((error as StrategyParamsError).path).toBe(path);
      expect((error as Error).message).toContain(`'${name}'`);
    }
  });

  it('applies params: weights change what weighted-round-robin picks', () => {
    const strategy = createStrategy('weighted-round-robin', { weights: { 'p0/m': 100 } }, env);
    const picks = Array.from({ length: 5 }, () => strategy.pick(makeRequest(), candidates, makeContext())!.deployment.id);
    expect(picks).toEqual(['p0/m', 'p0/m', 'p0/m', 'p0/m', 'p0/m']);
  });

  it('lists every strategy with documented, typed params and their defaults', () => {
    const listed = listStrategies();
    expect(listed.map((s) => s.name)).toEqual([...STRATEGY_NAMES]);
    for (const info of listed) {
      expect(info.description.length).toBeGreaterThan(10);
      expect(info.description).not.toContain('\n');
      for (const param of info.params) {
        expect(param.description.length, `${info.name}.${param.name}`).toBeGreaterThan(10);
        expect(param.type).not.toBe('unknown');
      }
    }
    const param = (strategy: string, name: string) =>
      listed.find((s) => s.name === strategy)!.params.find((p) => p.name === name)!;
    expect(param('performance', 'wSuccess')).toMatchObject({ type: 'number', default: 0.6 });
    expect(param('consistent-hash', 'virtualNodes')).toMatchObject({ type: 'integer', default: 160 });
    expect(param('hybrid', 'loadBalancer')).toMatchObject({ type: 'string', default: 'weighted-round-robin' });
    expect(param('classifier', 'tieBreak').type).toBe("'round-robin' | 'random' | 'least-connections' | 'first'");
    expect(param('weighted-random', 'weights')).toMatchObject({ type: 'record<string, number>', default: {} });
    expect(param('classifier', 'keywords')).toMatchObject({ type: 'record<string, string[]>', default: DEFAULT_CATEGORY_KEYWORDS });
    expect(listed.find((s) => s.name === 'round-robin')!.params).toEqual([]);
  });

  it('hands each classifier instance its own copy of the default keyword table', () => {
    const first = classifierParamsSchema.parse({});
    first.keywords.translation.push('mutated');
    expect(classifierParamsSchema.parse({}).keywords.translation).toEqual(['translate', 'convert', 'interpret']);
  });
});
