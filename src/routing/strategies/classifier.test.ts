import { describe, expect, it } from 'vitest';
import { ClassifierStrategy, classifierParamsSchema, type ClassifierParams } from './classifier.js';
import { makeCandidate, makeContext, makeDeployment, makeRequest, withinBinomial } from './test-fixtures.js';

// The seed's provider capability table.
const openai = makeCandidate(makeDeployment('openai/gpt', { capabilities: ['generation', 'analysis', 'classification'] }));
const anthropic = makeCandidate(makeDeployment('anthropic/claude', { capabilities: ['analysis', 'generation', 'summarization'] }));
const together = makeCandidate(makeDeployment('together/llama', { capabilities: ['generation', 'translation'] }));
const all = [openai, anthropic, together];
const env = all.map((c) => c.deployment);

const create = (params: Partial<ClassifierParams> = {}) =>
  new ClassifierStrategy(classifierParamsSchema.parse(params), env);
const pickFor = (strategy: ClassifierStrategy, promptText: string, candidates = all, category?: string) =>
  strategy.pick(makeRequest({ promptText, category }), candidates, makeContext())!.deployment.id;

describe('classifier strategy', () => {
  it('classifies by the fraction of a category’s keywords found in the prompt', () => {
    const strategy = create();
    expect(strategy.classify(makeRequest({ promptText: 'Please TRANSLATE this into French' }))).toBe('translation');
    expect(strategy.classify(makeRequest({ promptText: 'Summarize with a brief overview' }))).toBe('summarization'); // 3/4
    // generation 1/4 (write) vs translation 1/3 (convert): translation wins.
    expect(strategy.classify(makeRequest({ promptText: 'write then convert' }))).toBe('translation');
    expect(strategy.classify(makeRequest({ promptText: 'hello there' }))).toBeUndefined();
    expect(strategy.classify(makeRequest({}))).toBeUndefined();
  });

  it('routes to the deployment capable of the category', () => {
    const strategy = create();
    expect(pickFor(strategy, 'translate this')).toBe('together/llama');
    expect(pickFor(strategy, 'summarize this')).toBe('anthropic/claude');
    expect(pickFor(strategy, 'classify and categorize this')).toBe('openai/gpt');
  });

  it('prefers req.category over the prompt keywords', () => {
    expect(pickFor(create(), 'translate this', all, 'classification')).toBe('openai/gpt');
  });

  it('round-robins among the capable deployments by default', () => {
    const strategy = create();
    const ids = Array.from({ length: 6 }, () => pickFor(strategy, 'analyze this'));
    expect(ids).toEqual(['openai/gpt', 'anthropic/claude', 'openai/gpt', 'anthropic/claude', 'openai/gpt', 'anthropic/claude']);
  });

  it('falls back to any candidate, round robin, without a category or a capable candidate', () => {
    const strategy = create();
    expect([pickFor(strategy, 'hello'), pickFor(strategy, 'hello'), pickFor(strategy, 'hello')]).toEqual([
      'openai/gpt',
      'anthropic/claude',
      'together/llama',
    ]);
    const noTranslator = [openai, anthropic];
    const fresh = create();
    expect([pickFor(fresh, 'translate', noTranslator), pickFor(fresh, 'translate', noTranslator)]).toEqual([
      'openai/gpt',
      'anthropic/claude',
    ]);
  });

  it('supports the other tie-breaks', () => {
    const first = create({ tieBreak: 'first' });
    expect([pickFor(first, 'write'), pickFor(first, 'write')]).toEqual(['openai/gpt', 'openai/gpt']);

    const busy = [
      makeCandidate(openai.deployment, { inFlight: 5 }),
      makeCandidate(anthropic.deployment, { inFlight: 1 }),
      makeCandidate(together.deployment, { inFlight: 0 }),
    ];
    expect(pickFor(create({ tieBreak: 'least-connections' }), 'analyze', busy)).toBe('anthropic/claude');

    const random = create({ tieBreak: 'random' });
    const ctx = makeContext({}, 'classifier-random');
    const n = 9_000;
    let toOpenai = 0;
    for (let i = 0; i < n; i++) {
      const id = random.pick(makeRequest({ promptText: 'write' }), all, ctx)!.deployment.id;
      if (id === 'openai/gpt') toOpenai++;
    }
    expect(withinBinomial(toOpenai, n, 1 / 3)).toBe(true);
  });

  it('takes keyword and capability maps from params', () => {
    const strategy = create({
      keywords: { code: ['function', 'bug'] },
      capabilities: { together: ['code'], 'anthropic/claude': [] },
    });
    expect(pickFor(strategy, 'fix this BUG')).toBe('together/llama');
    expect(strategy.explain(makeRequest({ promptText: 'a function' }), all)).toEqual({
      'openai/gpt': 0,
      'anthropic/claude': 0,
      'together/llama': 1,
    });
  });

  it('defaults to the seed keyword table', () => {
    const params = classifierParamsSchema.parse({});
    expect(Object.keys(params.keywords)).toEqual(['summarization', 'classification', 'generation', 'analysis', 'translation']);
    expect(params.keywords.translation).toEqual(['translate', 'convert', 'interpret']);
  });
});
