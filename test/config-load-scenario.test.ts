import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadScenarioFile, parseScenarioText } from '../src/config/load-scenario.js';
import { parseOverrideArg } from '../src/config/overrides.js';
import { nativeRouterSchema } from '../src/config/router-schema.js';
import { ScenarioError } from '../src/config/scenario-error.js';
import { errorLines } from './support/scenario-errors.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'config');
const MINIMAL = join(FIXTURES, 'minimal-scenario.yaml');
const FULL = join(FIXTURES, 'full-scenario.yaml');

const BASE = `name: t
durationS: 60
traffic:
  arrivals: { kind: poisson, ratePerS: 2 }
providers:
  - id: only
    models:
      - id: m1
`;


describe('happy paths', () => {
  it('a minimal scenario gets every documented default', () => {
    const s = loadScenarioFile(MINIMAL);
    const { router, ...rest } = s;
    expect(rest).toEqual({
      name: 'minimal',
      description: '',
      seed: 1,
      durationS: 60,
      replications: 5,
      traffic: {
        arrivals: { kind: 'poisson', ratePerS: 2 },
        inputTokens: 500,
        outputTokens: 200,
        qualityMix: { low: 0, medium: 1, high: 0 },
        clients: { count: 1000, zipfS: 1.1 },
        streamFraction: 0,
      },
      providers: [
        {
          id: 'only',
          models: [
            {
              id: 'm1',
              qualityTier: 'medium',
              inputUsdPerMTok: 0,
              outputUsdPerMTok: 0,
              contextWindowTokens: 128_000,
              capabilities: [],
              latencyFactor: 1,
            },
          ],
          capacity: { maxConcurrent: 1_000_000 },
          rateLimits: {},
          latency: { ttftMs: 300, ttftMsPerInputToken: 0, msPerOutputToken: 20 },
          errors: { serverErrorRate: 0, timeoutRate: 0, connectionErrorRate: 0, midStreamErrorRate: 0, stallRate: 0 },
          billFailedAttempts: false,
          billCancelledAttempts: true,
          healthEndpoint: { latencyMs: 50, falseFailureRate: 0 },
          incidents: [],
          priceChanges: [],
          weight: 1,
          costMultiplier: 1,
          performanceBonus: 0,
          priority: 0,
        },
      ],
      metrics: { bucketS: 60, sloSuccessRate: 0.99, warmupS: 0, quantileRelativeError: 0.01, latencyTargetMs: 10_000 },
    });
    // A scenario without `router:` gets the complete native router, every default filled
    // (the schema's own default for a missing router is a partial object).
    expect(router).toEqual(nativeRouterSchema.parse({}));
    expect(router.strategy).toBe('round-robin');
    expect(router.retries.maxRetries).toBe(2);
  });

  it('a JSON scenario loads to the same thing as its YAML twin', () => {
    const fromYaml = loadScenarioFile(MINIMAL);
    const json = JSON.stringify({ name: 'minimal', durationS: 60, traffic: { arrivals: { kind: 'poisson', ratePerS: 2 } }, providers: [{ id: 'only', models: [{ id: 'm1' }] }] }, null, 2);
    expect(parseScenarioText(json, 'minimal.json')).toEqual(fromYaml);
  });

  it('the full fixture loads; anchors, aliases and merge keys resolve', () => {
    const s = loadScenarioFile(FULL);
    expect(s.providers.map((p) => p.id)).toEqual(['alpha', 'beta', 'gamma']);
    expect(s.providers[1].latency.ttftMs).toEqual({ kind: 'lognormal', median: 400, p99: 2400 });
    expect(s.providers[0].incidents[1]).toMatchObject({ kind: 'gray', afterS: 100, models: ['small'] });
    const merged = parseScenarioText(
      BASE.replace('  - id: only', '  - &p\n    id: only') + '  - <<: *p\n    id: second\n    weight: 4\n',
      'merge.yaml',
    );
    expect(merged.providers[1]).toMatchObject({ id: 'second', weight: 4, models: [{ id: 'm1' }] });
  });
});

describe('errors a user can act on', () => {
  it('reports every problem in one pass, in file order', () => {
    const text = BASE.replace('durationS: 60', 'durationS: -1').replace('ratePerS: 2', 'ratePerS: x') + '    weigth: 2\n';
    expect(errorLines(() => parseScenarioText(text, 't.yaml'))).toEqual([
      't.yaml:2:12: durationS: must be > 0 (got -1)',
      "t.yaml:4:40: traffic.arrivals.ratePerS: expected a number, got 'x'",
      "t.yaml:9:5: providers[0].weigth: unknown key; did you mean 'weight'?",
    ]);
  });

  it('suggests keys inside distributions from the variant the kind names', () => {
    const text = BASE + '    latency:\n      ttftMs: { kind: lognormal, medain: 200, p99: 900 }\n';
    // The missing 'median' is not reported separately: the typo's suggestion covers it.
    expect(errorLines(() => parseScenarioText(text, 't.yaml'))).toEqual([
      "t.yaml:10:34: providers[0].latency.ttftMs.medain: unknown key; did you mean 'median'?",
    ]);
  });

  it('explains a union by the alternative the value was meant to be', () => {
    const text = BASE + '    incidents:\n      - { kind: down, startS: 10 }\n      - { kind: down, startS: 10, durationS: -5 }\n      - { kind: errors, timeBetweenS: 60, durationS: { kind: exponential } }\n';
    expect(errorLines(() => parseScenarioText(text, 't.yaml'))).toEqual([
      't.yaml:10:9: providers[0].incidents[0].durationS: required but missing (expected a number)',
      't.yaml:11:46: providers[0].incidents[1].durationS: must be > 0 (got -5)',
      't.yaml:12:54: providers[0].incidents[2].durationS.mean: required but missing (expected a number)',
    ]);
  });

  it('reports NaN once, at the field, even inside a distribution', () => {
    const text = BASE + '    latency:\n      ttftMs: { kind: exponential, mean: .NaN }\n';
    expect(errorLines(() => parseScenarioText(text, 't.yaml'))).toEqual([
      't.yaml:10:42: providers[0].latency.ttftMs.mean: must be a number, not NaN (got .NaN)',
    ]);
  });

  it('points into the anchor when an aliased value is wrong', () => {
    const text = BASE.replace('providers:', 'shared: &lat { kind: uniform, min: 5, max: 1 }\nproviders:') + '    latency: { ttftMs: *lat }\n';
    expect(errorLines(() => parseScenarioText(text, 't.yaml'))).toEqual([
      't.yaml:5:1: shared: unknown key',
      // Line 5 is where the anchored value is written; the path says where it is used.
      't.yaml:5:44: providers[0].latency.ttftMs.max: must be >= min (got 1)',
    ]);
  });

  it('checks strategy names and params against the registry', () => {
    expect(errorLines(() => parseScenarioText(BASE + 'router: { strategy: leastconnections }\n', 't.yaml'))).toEqual([
      "t.yaml:9:21: router.strategy: unknown strategy 'leastconnections'; did you mean 'least-connections'? (see `routesim strategies`)",
    ]);
    expect(errorLines(() => parseScenarioText(BASE + 'router:\n  strategy: adaptive\n  params: { rate: 0, flor: 1 }\n', 't.yaml'))).toEqual([
      't.yaml:11:19: router.params.rate: must be > 0 (got 0)',
      "t.yaml:11:22: router.params.flor: unknown key; did you mean 'floor'?",
    ]);
    expect(errorLines(() => parseScenarioText(BASE + 'router:\n  strategyParams: { adaptve: { rate: 0.5 } }\n', 't.yaml'))).toEqual([
      "t.yaml:10:21: router.strategyParams.adaptve: params for unknown strategy 'adaptve'; did you mean 'adaptive'? (see `routesim strategies`)",
    ]);
  });

  it('refuses a scenario whose cross-references are wrong (schema refinements)', () => {
    const text = BASE + '    priceChanges: [{ atS: 5, model: m2 }]\n  - id: only\n    models: [{ id: x }]\n';
    expect(errorLines(() => parseScenarioText(text, 't.yaml'))).toEqual([
      "t.yaml:9:37: providers[0].priceChanges[0].model: unknown model 'm2'; did you mean 'm1'? (models: m1)",
      "t.yaml:10:9: providers[1].id: duplicate provider id 'only'",
    ]);
  });
});

describe('overrides', () => {
  it('apply before validation, by key path, list index or list item id', () => {
    const s = loadScenarioFile(MINIMAL, {
      overrides: { durationS: 120, 'providers.only.weight': 3, 'providers[0].models[0].qualityTier': 'high', 'router.strategy': 'p2c' },
    });
    expect(s.durationS).toBe(120);
    expect(s.providers[0].weight).toBe(3);
    expect(s.providers[0].models[0].qualityTier).toBe('high');
    expect(s.router.strategy).toBe('p2c');
  });

  it('a bad override is reported as coming from the override, not from a line of the file', () => {
    expect(errorLines(() => loadScenarioFile(MINIMAL, { overrides: { 'traffic.arrivals.ratePerS': -1 } }))).toEqual([
      `${MINIMAL}: traffic.arrivals.ratePerS: must be > 0 (got -1) (set by override 'traffic.arrivals.ratePerS')`,
    ]);
    expect(errorLines(() => loadScenarioFile(MINIMAL, { overrides: { 'providers.nope.weight': 1 } }))).toEqual([
      "<overrides>: providers: override 'providers.nope.weight': no item with id 'nope'",
    ]);
    expect(errorLines(() => loadScenarioFile(MINIMAL, { overrides: { '__proto__.polluted': 1 } }))).toEqual([
      "<overrides>: __proto__.polluted: '__proto__' cannot be overridden",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('parseOverrideArg reads the value as YAML', () => {
    expect(parseOverrideArg('durationS=90')).toEqual(['durationS', 90]);
    expect(parseOverrideArg('router.strategy=cost')).toEqual(['router.strategy', 'cost']);
    expect(parseOverrideArg('traffic.inputTokens={kind: exponential, mean: 5}')).toEqual(['traffic.inputTokens', { kind: 'exponential', mean: 5 }]);
    expect(() => parseOverrideArg('novalue')).toThrow(ScenarioError);
    expect(() => parseOverrideArg('a.=1')).toThrow(ScenarioError);
  });

  it('parseOverrideArg refuses YAML tags (a !!set or !!omap value used to become an empty section: all defaults)', () => {
    expect(() => parseOverrideArg('metrics=!!set { warmupS }')).toThrow('<overrides>: metrics: cannot read the value: YAML tag !!set is not supported in scenarios');
    expect(() => parseOverrideArg('router=!!omap [ { strategy: cost } ]')).toThrow('YAML tag !!omap is not supported');
    expect(() => parseOverrideArg('name=!!timestamp 2001-12-14')).toThrow('YAML tag !!timestamp is not supported');
  });

  it('parseOverrideArg refuses duplicate keys in the value (the linear check scenarios use)', () => {
    expect(() => parseOverrideArg('router={ strategy: cost, strategy: p2c }')).toThrow("<overrides>: router: cannot read the value: duplicate key 'strategy'");
  });

  it('an override round-trips through the stringifier like a file edit', () => {
    const viaOverride = loadScenarioFile(MINIMAL, { overrides: { 'traffic.qualityMix': { low: 1, high: 1 } } });
    const raw = readFileSync(MINIMAL, 'utf8');
    const viaEdit = parseScenarioText(`${raw}\n`.replace('traffic:\n', `traffic:\n  qualityMix: ${stringify({ low: 1, high: 1 }, { flow: true })}`), 'edited.yaml');
    expect(viaOverride).toEqual(viaEdit);
  });
});
