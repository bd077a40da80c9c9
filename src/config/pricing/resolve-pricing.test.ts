import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../load-scenario.js';
import { formatScenarioError, ScenarioError } from '../scenario-error.js';
import { runScenario } from '../../sim/run-scenario.js';
import { GENAI_TABLE, LITELLM_TABLE } from './price-tables.test.js';

/** The scenario "file" sits at the repo root, so table paths in it are relative to the root. */
const FILE = 'pricing-test.yaml';

const scenario = (models: string, extra = '') => `name: priced
durationS: 60
${extra}
pricingSources:
  litellm: ${LITELLM_TABLE}
  genaiPrices: ${GENAI_TABLE}
traffic:
  arrivals: { kind: poisson, ratePerS: 2 }
providers:
  - id: p
    models:
${models}
`;

function errorLines(text: string, opts = {}): string[] {
  try {
    parseScenarioText(text, FILE, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return formatScenarioError(e as ScenarioError).split('\n');
  }
  throw new Error('expected a ScenarioError');
}

describe('pricing references resolved at load time', () => {
  it('LiteLLM prices, cached input and context window fill the model; explicit fields win', () => {
    const s = parseScenarioText(scenario(`      - { id: mini, pricing: { from: litellm, model: gpt-4o-mini } }
      - { id: own, outputUsdPerMTok: 0.5, contextWindowTokens: 8000, pricing: { from: litellm, model: gpt-4o-mini } }`), FILE);
    const [mini, own] = s.providers[0].models;
    expect(mini).toMatchObject({ inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, cachedInputUsdPerMTok: 0.075, contextWindowTokens: 128_000 });
    expect(own).toMatchObject({ inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.5, contextWindowTokens: 8000 });
  });

  it('genai-prices dated prices become priceChanges relative to pricingStartDate, after explicit ones', () => {
    const s = parseScenarioText(
      scenario(`      - { id: o3, pricing: { from: genai-prices, model: o3, provider: openai } }
    priceChanges: [{ atS: 5, model: o3, outputUsdPerMTok: 41 }]`, 'pricingStartDate: 2025-06-09T23:59:30Z'),
      FILE,
    );
    expect(s.providers[0].models[0]).toMatchObject({ inputUsdPerMTok: 10, outputUsdPerMTok: 40 });
    expect(s.providers[0].priceChanges).toEqual([
      { atS: 5, model: 'o3', outputUsdPerMTok: 41 },
      { atS: 30, model: 'o3', inputUsdPerMTok: 2, outputUsdPerMTok: 8, cachedInputUsdPerMTok: 0.5 },
    ]);
  });

  it('the simulator bills the table prices and applies the dated change mid-run', () => {
    const text = `name: priced-run
durationS: 60
pricingStartDate: 2025-06-09T23:59:30Z
pricingSources: { genaiPrices: ${GENAI_TABLE} }
metrics: { bucketS: 10 }
traffic:
  arrivals: { kind: poisson, ratePerS: 5 }
  inputTokens: 1000
  outputTokens: 100
providers:
  - id: p
    latency: { ttftMs: 10, msPerOutputToken: 0 }
    models: [{ id: o3, pricing: { from: genai-prices, model: o3, provider: openai } }]
`;
    const s = parseScenarioText(text, FILE);
    const summary = runScenario(s, { seed: 1 });
    const perRequestBefore = (1000 * 10 + 100 * 40) / 1e6; // $0.014
    const perRequestAfter = (1000 * 2 + 100 * 8) / 1e6; // $0.0028
    const bucket = (tS: number) => summary.timeseries.find((b) => b.tS === tS)!;
    // 10 ms requests: buckets away from the change at 30 s are billed at one price only (up to
    // one request straddling a bucket edge, counted on one side for cost and the other for success).
    for (const tS of [0, 10]) expect(Math.abs(bucket(tS).costUsd - bucket(tS).successes * perRequestBefore)).toBeLessThanOrEqual(perRequestBefore + 1e-12);
    for (const tS of [40, 50]) expect(Math.abs(bucket(tS).costUsd - bucket(tS).successes * perRequestAfter)).toBeLessThanOrEqual(perRequestAfter + 1e-12);
    // The two prices differ by 5×, so a bucket billed at the wrong price would be far off.
    expect(bucket(40).successes).toBeGreaterThan(20);
  });

  it('unknown model ids are ScenarioErrors at the field, with a did-you-mean over the table', () => {
    expect(errorLines(scenario('      - { id: m, pricing: { from: litellm, model: gpt-4o-mnii } }'))).toEqual([
      `${FILE}:12:51: providers[0].models[0].pricing.model: unknown LiteLLM model id 'gpt-4o-mnii' in ${LITELLM_TABLE}; did you mean 'gpt-4o-mini'?`,
    ]);
    const [line] = errorLines(scenario('      - { id: m, pricing: { from: genai-prices, model: claude-3-haiku } }'));
    expect(line).toContain("providers[0].models[0].pricing.model: genai-prices model 'claude-3-haiku' is listed by several providers");
  });

  it('a missing table is reported where it was named; no table at all points at the flag', () => {
    const text = scenario('      - { id: m, pricing: { from: litellm, model: gpt-4o-mini } }').replace(LITELLM_TABLE, 'nope.json');
    expect(errorLines(text)).toEqual([`${FILE}:5:12: pricingSources.litellm: nope.json: price table not found`]);
    const bare = `name: t\ndurationS: 5\ntraffic: { arrivals: { kind: poisson, ratePerS: 1 } }\nproviders: [{ id: p, models: [{ id: m, pricing: { from: litellm, model: gpt-4o } }] }]\n`;
    expect(errorLines(bare)[0]).toMatch(/pricing\.from: no LiteLLM price table given: set pricingSources\.litellm in the scenario or pass --prices-litellm PATH$/);
  });

  it('CLI-given tables take precedence over the scenario\'s', () => {
    const text = scenario('      - { id: m, pricing: { from: litellm, model: gpt-4o-mini } }').replace(LITELLM_TABLE, 'nope.json');
    const s = parseScenarioText(text, FILE, { pricingSources: { litellm: LITELLM_TABLE } });
    expect(s.providers[0].models[0].inputUsdPerMTok).toBe(0.15);
    expect(errorLines(text, { pricingSources: { litellm: 'gone.json' } })[0]).toMatch(/pricing\.from: gone\.json: price table not found \(--prices-litellm\)$/);
  });

  it('malformed pricing blocks and impossible start dates get schema-style errors', () => {
    const lines = errorLines(scenario('      - { id: m, pricing: { from: openrouter, model: x } }', 'pricingStartDate: 2025-02-30'));
    expect(lines.join('\n')).toContain("pricingStartDate: '2025-02-30' is not a valid calendar date/time");
    expect(lines.join('\n')).toContain('providers[0].models[0].pricing.from:');
  });

  it('a start date gets one error: its shape, or else its calendar (not both at one place)', () => {
    const linesFor = (date: string) => errorLines(scenario('      - { id: m, pricing: { from: litellm, model: gpt-4o-mini } }', `pricingStartDate: ${date}`));
    expect(linesFor('2025-02-30x')).toEqual([`${FILE}:3:19: pricingStartDate: use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z (UTC) (got '2025-02-30x')`]);
    expect(linesFor('2025-02-30')).toEqual([`${FILE}:3:19: pricingStartDate: '2025-02-30' is not a valid calendar date/time`]);
    expect(linesFor('2025-01-01T25:00Z')).toEqual([`${FILE}:3:19: pricingStartDate: '2025-01-01T25:00Z' is not a valid calendar date/time`]);
  });
});
