import { describe, expect, it } from 'vitest';
import { parseScenarioText } from './load-scenario.js';
import { unpricedModelWarnings } from './price-warnings.js';
import type { Scenario } from './scenario-schema.js';

/** A valid scenario text whose two models are given the price fields listed (YAML flow maps). */
function scenario(a: string, b: string): string {
  return [
    'name: prices',
    'durationS: 60',
    'traffic:',
    '  arrivals: { kind: poisson, ratePerS: 1 }',
    'providers:',
    '  - id: paid',
    `    models: [{ id: big${a} }]`,
    '  - id: other',
    '    models:',
    `      - { id: small${b} }`,
  ].join('\n');
}

function warningsOf(text: string, overrides?: Record<string, unknown>): string[] {
  const out: string[] = [];
  parseScenarioText(text, 'x.yaml', { onWarning: (w) => out.push(w), overrides });
  return out;
}

describe('warnings for models without prices', () => {
  it('a model with no price among priced ones is named, with its position and what to do', () => {
    const w = warningsOf(scenario(', inputUsdPerMTok: 3, outputUsdPerMTok: 15', ''));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/^x\.yaml:10:9: warning: providers\[1\]\.models\[0\]: other\/small sets no price while 1 other model does: /);
    expect(w[0]).toMatch(/cost-based strategies prefer it/);
  });

  it('an explicit 0, a single price field or a price-table reference counts as a price', () => {
    expect(warningsOf(scenario(', inputUsdPerMTok: 3', ', inputUsdPerMTok: 0'))).toEqual([]);
    expect(warningsOf(scenario(', outputUsdPerMTok: 3', ', cachedInputUsdPerMTok: 0.1'))).toEqual([]);
    const raw = { providers: [{ id: 'a', models: [{ id: 'm', inputUsdPerMTok: 1 }] }, { id: 'b', models: [{ id: 'n', pricing: { from: 'litellm' } }] }] };
    expect(unpricedModelWarnings(raw, raw as unknown as Scenario)).toEqual([]);
  });

  it('a scenario where no model has a price is not warned about (cost is not its question)', () => {
    expect(warningsOf(scenario('', ''))).toEqual([]);
  });

  it('a price set by an override silences the warning', () => {
    expect(warningsOf(scenario(', inputUsdPerMTok: 3', ''), { 'providers.other.models.small.inputUsdPerMTok': 0 })).toEqual([]);
  });

  it('a seed router section that drops the unpriced model: no warning; one that is wrong: the error only', () => {
    const withSeed = (providers: string) =>
      `${scenario(', inputUsdPerMTok: 3', ', inputUsdPerMTok: 1')}\n      - { id: free }\nrouter:\n  routing: { strategy: cost }\n  providers:\n${providers}`;
    expect(warningsOf(withSeed('    paid: { models: [big] }'))).toHaveLength(1); // other/free runs: warned
    expect(warningsOf(withSeed('    other: { models: [small] }'))).toEqual([]); // the seed drops other/free
    const out: string[] = [];
    expect(() => parseScenarioText(withSeed('    zz: { models: [big] }'), 'x.yaml', { onWarning: (w) => out.push(w) })).toThrow(/zz/);
    expect(out).toEqual([]);
  });

  it('nothing is reported for an invalid scenario: the error is', () => {
    const out: string[] = [];
    expect(() => parseScenarioText(`${scenario(', inputUsdPerMTok: 3', '')}\nbogus: 1`, 'x.yaml', { onWarning: (w) => out.push(w) })).toThrow(/bogus/);
    expect(out).toEqual([]);
  });
});
