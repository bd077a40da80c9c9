import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CheapestHealthyStrategy } from '../cheapest-healthy.js';
import { CostStrategy } from '../cost.js';
import { QualityThresholdStrategy, qualityThresholdParamsSchema } from '../quality-threshold.js';
import type { Candidate, QualityTier, RequestQuality, Strategy } from '../../types.js';
import { makeCandidate, makeContext, makeDeployment, makeRequest } from '../test-fixtures.js';
import { priceRepresentatives } from './price-groups.js';

const N = 14;
const TIERS: QualityTier[] = ['low', 'medium', 'high'];
// Few distinct prices, multipliers and tiers, mostly the same ones: deployments share price
// points (groups of several), and costs tie across groups now and then.
const price = fc.constantFrom(1, 1, 1, 3, 0.25, 0);
const deploymentSpec = fc.record({
  inputUsdPerMTok: price, outputUsdPerMTok: price, costMultiplier: fc.constantFrom(1, 1, 1, 1, 2, 0.5), qualityTier: fc.constantFrom<QualityTier>('medium', 'medium', 'low', 'high'),
});
// Two prices, two tiers: large groups, the cheapest among them, so a stale group shows.
const crowdedSpec = fc.record({ inputUsdPerMTok: fc.constantFrom(1, 3), outputUsdPerMTok: fc.constantFrom(1, 3), costMultiplier: fc.constant(1), qualityTier: fc.constantFrom<QualityTier>('medium', 'high') });
const members = fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { minLength: 1, maxLength: N });

type Op =
  | { kind: 'pick'; tier: QualityTier; budgetUsd: number | undefined; inputTokens: number; outputTokens: number; words: number; quality: RequestQuality | undefined }
  | { kind: 'pool'; members: number[] }
  | { kind: 'price'; d: number; inputUsdPerMTok: number; outputUsdPerMTok: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('pick' as const),
      tier: fc.constantFrom(...TIERS),
      budgetUsd: fc.option(fc.constantFrom(0, 1e-6, 1e-4, 1e-3, 0.01, 1), { nil: undefined }),
      inputTokens: fc.constantFrom(0, 1, 100, 1000, 50_000),
      outputTokens: fc.constantFrom(0, 1, 200, 4000),
      words: fc.integer({ min: 0, max: 50 }),
      // Ground truth for quality-threshold (the others ignore it); without it, it routes as cost.
      quality: fc.option(fc.record({ strongCorrect: fc.boolean(), weakCorrect: fc.boolean() }), { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pool' as const), members }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('price' as const), d: fc.integer({ min: 0, max: N - 1 }), inputUsdPerMTok: price, outputUsdPerMTok: price }) },
);

type Flip = { kind: 'flip'; d: number };

/**
 * Runs the ops on `all`: pool changes (a new array), price changes (told to `indexed`), and picks
 * that must match a fresh, scanning strategy's (a retry now and then: the pool less what was tried,
 * a fresh array); flips go to `onFlip`. `healthVersion` is what the router would pass.
 */
function drive(
  all: Candidate[], ops: readonly (Op | Flip)[], indexed: Strategy & { pricesChanged(): void }, scanning: () => Strategy,
  healthVersion: () => number | undefined = () => undefined, onFlip: (o: Flip) => void = () => {},
): void {
  let pool = all;
  for (const o of ops) {
    if (o.kind === 'pool') pool = [...o.members].sort((a, b) => a - b).map((i) => all[i]);
    else if (o.kind === 'flip') onFlip(o);
    else if (o.kind === 'price') {
      const d = all[o.d].deployment;
      d.inputUsdPerMTok = o.inputUsdPerMTok;
      d.outputUsdPerMTok = o.outputUsdPerMTok;
      indexed.pricesChanged();
    } else {
      const req = makeRequest({ id: o.words, qualityTier: o.tier, budgetUsd: o.budgetUsd, inputTokens: o.inputTokens, expectedOutputTokens: o.outputTokens, promptText: 'w '.repeat(o.words), quality: o.quality });
      const tried = o.words % 5 === 0 ? new Set([pool[0].deployment.id]) : new Set<string>();
      const scan = scanning().pick(req, pool, makeContext({ tried, attempt: tried.size }));
      expect(indexed.pick(req, pool, makeContext({ tried, attempt: tried.size, healthVersion: healthVersion() }))?.deployment.id).toBe(scan?.deployment.id);
    }
  }
}

describe('price points', () => {
  it('keeps the first member of each price point, in pool order', () => {
    const pool = [
      makeCandidate(makeDeployment('a/m', { inputUsdPerMTok: 1, outputUsdPerMTok: 2 })),
      makeCandidate(makeDeployment('b/m', { inputUsdPerMTok: 1, outputUsdPerMTok: 2, qualityTier: 'high' })),
      makeCandidate(makeDeployment('c/m', { inputUsdPerMTok: 1, outputUsdPerMTok: 2 })),
      makeCandidate(makeDeployment('d/m', { inputUsdPerMTok: 1, outputUsdPerMTok: 2, costMultiplier: 2 })),
      makeCandidate(makeDeployment('e/m', { inputUsdPerMTok: 1, outputUsdPerMTok: 2, qualityTier: 'high' })),
    ];
    expect(priceRepresentatives(pool).map((c) => c.deployment.id)).toEqual(['a/m', 'b/m', 'd/m']);
  });

  it('cost picks through price points what the scan picks, over pools, retries, tiers, budgets and price changes (model-based)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(deploymentSpec, { minLength: N, maxLength: N }), fc.array(crowdedSpec, { minLength: N, maxLength: N })), fc.constantFrom('keep-quality' as const, 'downgrade' as const), fc.array(op, { minLength: 1, maxLength: 120 }), (specs, overBudget, ops) => {
        const all = specs.map((s, i) => makeCandidate(makeDeployment(`p${i}/m`, s)));
        drive(all, ops, new CostStrategy({ tokensPerWord: 1.3, overBudget }), () => new CostStrategy({ tokensPerWord: 1.3, overBudget }));
      }),
      { numRuns: 300 },
    );
  });

  it('quality-threshold picks through price points what the scan picks, within and across the predicted role (model-based)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(deploymentSpec, { minLength: N, maxLength: N }), fc.array(crowdedSpec, { minLength: N, maxLength: N })), fc.constantFrom(0, 0.5, 1), fc.array(op, { minLength: 1, maxLength: 120 }), (specs, threshold, ops) => {
        const all = specs.map((s, i) => makeCandidate(makeDeployment(`p${i}/m`, s)));
        const params = qualityThresholdParamsSchema.parse({ threshold, noise: 0.5 });
        drive(all, ops, new QualityThresholdStrategy(params), () => new QualityThresholdStrategy(params));
      }),
      { numRuns: 300 },
    );
  });

  it('cheapest-healthy picks through (price point, health) what the scan picks, health flipping in place on one array (model-based)', () => {
    const hop: fc.Arbitrary<Op | Flip> = fc.oneof({ weight: 5, arbitrary: op }, { weight: 1, arbitrary: fc.record({ kind: fc.constant('flip' as const), d: fc.integer({ min: 0, max: N - 1 }) }) });
    fc.assert(
      fc.property(fc.array(crowdedSpec, { minLength: N, maxLength: N }), fc.boolean(), fc.array(hop, { minLength: 1, maxLength: 120 }), (specs, respectQualityTier, ops) => {
        const all = specs.map((s, i) => makeCandidate(makeDeployment(`p${i}/m`, s)));
        const health = { version: 0 };
        const flip = (o: Flip) => {
          // As the router's panic pool: the same array, a member's flag changed in place, the version moves.
          const c = all[o.d] as { health: 'healthy' | 'degraded' };
          c.health = c.health === 'healthy' ? 'degraded' : 'healthy';
          health.version++;
        };
        const params = { tokensPerWord: 1.3, respectQualityTier };
        drive(all, ops, new CheapestHealthyStrategy(params), () => new CheapestHealthyStrategy(params), () => health.version, flip);
      }),
      { numRuns: 300 },
    );
  });

  it('a price change the strategy is not told of would go unseen: the hook is what keeps it right', () => {
    const a = makeCandidate(makeDeployment('a/m', { inputUsdPerMTok: 1, outputUsdPerMTok: 1 }));
    const b = makeCandidate(makeDeployment('b/m', { inputUsdPerMTok: 1, outputUsdPerMTok: 1 }));
    const pool = [a, b];
    const cost = new CostStrategy({ tokensPerWord: 1.3, overBudget: 'keep-quality' });
    const req = makeRequest({ inputTokens: 100, expectedOutputTokens: 100 });
    for (let i = 0; i < 3; i++) expect(cost.pick(req, pool, makeContext())?.deployment.id).toBe('a/m'); // indexed from the second pick
    a.deployment.inputUsdPerMTok = 5; // b is now cheaper, but shared a's price point
    expect(cost.pick(req, pool, makeContext())?.deployment.id).toBe('a/m');
    cost.pricesChanged();
    expect(cost.pick(req, pool, makeContext())?.deployment.id).toBe('b/m');
  });
});
