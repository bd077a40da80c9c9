import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, parseScenarioText } from '../src/config/load-scenario.js';
import { nativeRouterSchema } from '../src/config/router-schema.js';
import { isSeedRouterConfig, seedRouterConfigSchema, seedToNativeRouter } from '../src/config/seed-router-config.js';
import { errorLines } from './support/scenario-errors.js';

/** The seed's routing_config.yaml pasted unedited (indented) as a scenario's router section. */
const SEED_FIXTURE = join(import.meta.dirname, 'fixtures', 'config', 'seed-router-scenario.yaml');

const BASE = `name: t
durationS: 60
traffic:
  arrivals: { kind: poisson, ratePerS: 2 }
providers:
  - id: openai
    models: [{ id: gpt-4 }, { id: gpt-3.5-turbo }]
  - id: together
    models: [{ id: llama-2-7b }, { id: mistral-7b }]
`;

function withRouter(router: string, extra = ''): string {
  return `${BASE}${extra}router:\n${router.replace(/^/gm, '  ')}\n`;
}


describe("the seed's routing_config.yaml as the router section", () => {
  it('loads unedited and maps as documented', () => {
    const s = loadScenarioFile(SEED_FIXTURE);
    expect(s.router).toEqual(
      nativeRouterSchema.parse({
        // routing.strategy hybrid → hybrid, with load_balancing.algorithm as its load balancer;
        // adaptation_rate applies to no adaptive strategy here, so it is not used.
        strategy: 'hybrid',
        params: { loadBalancer: 'weighted-round-robin' },
        // health_check_interval 30 s, failover_threshold 2, recovery_threshold 3.
        activeHealthCheck: { intervalMs: 30_000, unhealthyThreshold: 2, healthyThreshold: 3 },
        historySize: 100,
      }),
    );
    const byId = Object.fromEntries(s.providers.map((p) => [p.id, p]));
    expect([byId.openai.weight, byId.openai.costMultiplier, byId.openai.performanceBonus]).toEqual([3, 1.0, 0.1]);
    expect([byId.anthropic.weight, byId.anthropic.costMultiplier, byId.anthropic.performanceBonus]).toEqual([2, 0.8, 0.05]);
    expect([byId.together.weight, byId.together.costMultiplier, byId.together.performanceBonus]).toEqual([1, 0.3, 0]);
    // `models` restricts routable models: gpt-4o-mini (and its price change) are gone.
    expect(byId.openai.models.map((m) => m.id)).toEqual(['gpt-4', 'gpt-3.5-turbo']);
    expect(byId.openai.priceChanges).toEqual([]);
    expect(byId.openai.models[0]).toMatchObject({ qualityTier: 'high', inputUsdPerMTok: 30 });
    // A provider the seed section does not list keeps its own settings.
    expect(byId.google).toMatchObject({ weight: 7, costMultiplier: 1, performanceBonus: 0, models: [{ id: 'gemini-pro' }] });
    // monitoring.alert_threshold → metrics.sloSuccessRate (the file's metrics do not set it).
    expect(s.metrics.sloSuccessRate).toBe(0.95);
  });

  it('recognises the seed shape by its `routing` key', () => {
    expect(isSeedRouterConfig({ routing: { strategy: 'cost' } })).toBe(true);
    expect(isSeedRouterConfig({ strategy: 'cost' })).toBe(false);
    expect(isSeedRouterConfig(null)).toBe(false);
    expect(isSeedRouterConfig(['routing'])).toBe(false);
  });
});

describe('strategy mapping table', () => {
  const cases: { routing: string; lb?: string; strategy: string; params: Record<string, unknown> }[] = [
    { routing: 'cost', strategy: 'cost', params: {} },
    { routing: 'performance', strategy: 'performance', params: {} },
    { routing: 'load_balance', strategy: 'round-robin', params: {} },
    { routing: 'load_balance', lb: 'round_robin', strategy: 'round-robin', params: {} },
    { routing: 'load_balance', lb: 'weighted_round_robin', strategy: 'weighted-round-robin', params: {} },
    { routing: 'load_balance', lb: 'least_connections', strategy: 'least-connections', params: {} },
    { routing: 'load_balance', lb: 'least_response_time', strategy: 'least-response-time', params: {} },
    { routing: 'load_balance', lb: 'ip_hash', strategy: 'ip-hash', params: {} },
    { routing: 'load_balance', lb: 'adaptive', strategy: 'adaptive', params: { rate: 0.25 } },
    { routing: 'adaptive', strategy: 'adaptive', params: { rate: 0.25 } },
    { routing: 'hybrid', lb: 'least_connections', strategy: 'hybrid', params: { loadBalancer: 'least-connections' } },
    { routing: 'hybrid', lb: 'adaptive', strategy: 'hybrid', params: { loadBalancer: 'adaptive', loadBalancerParams: { rate: 0.25 } } },
  ];

  it.each(cases)('$routing + $lb → $strategy $params (and the registry accepts the params)', (c) => {
    const algorithm = c.lb === undefined ? '' : `algorithm: ${c.lb}, `;
    const lb = `load_balancing: { ${algorithm}adaptation_rate: 0.25 }\n`;
    const s = parseScenarioText(withRouter(`routing: { strategy: ${c.routing} }\n${lb}`), 't.yaml');
    expect(s.router.strategy).toBe(c.strategy);
    expect(s.router.params).toEqual(c.params);
    // Omitted routing keys take the seed's defaults.
    expect(s.router.activeHealthCheck).toMatchObject({ intervalMs: 30_000, unhealthyThreshold: 2, healthyThreshold: 3 });
  });
});

describe('mixing, precedence and scope', () => {
  it('native router keys next to the seed keys win; params and activeHealthCheck merge', () => {
    const s = parseScenarioText(
      withRouter(
        'routing: { strategy: hybrid, health_check_interval: 10, failover_threshold: 4 }\n' +
          'load_balancing: { algorithm: ip_hash, history_size: 7 }\n' +
          'params: { cost: { tokensPerWord: 2 } }\n' +
          'activeHealthCheck: { timeoutMs: 900, unhealthyThreshold: 6 }\n' +
          'retries: { maxRetries: 0 }\n' +
          'historySize: 9\n',
      ),
      't.yaml',
    );
    expect(s.router.params).toEqual({ loadBalancer: 'ip-hash', cost: { tokensPerWord: 2 } });
    expect(s.router.activeHealthCheck).toEqual({ intervalMs: 10_000, timeoutMs: 900, unhealthyThreshold: 6, healthyThreshold: 3, jitterFraction: 0 });
    expect(s.router.retries.maxRetries).toBe(0);
    expect(s.router.historySize).toBe(9);
  });

  it("alert_threshold does not replace the file's own sloSuccessRate, nor apply when monitoring is off", () => {
    const own = parseScenarioText(withRouter('routing: { strategy: cost }\nmonitoring: { alert_threshold: 0.9 }\n', 'metrics: { sloSuccessRate: 0.999 }\n'), 't.yaml');
    expect(own.metrics.sloSuccessRate).toBe(0.999);
    const off = parseScenarioText(withRouter('routing: { strategy: cost }\nmonitoring: { enabled: false, alert_threshold: 0.9 }\n'), 't.yaml');
    expect(off.metrics.sloSuccessRate).toBe(0.99);
    const on = parseScenarioText(withRouter('routing: { strategy: cost }\nmonitoring: { alert_threshold: 0.9 }\n'), 't.yaml');
    expect(on.metrics.sloSuccessRate).toBe(0.9);
  });

  it("model restriction filters incidents' model lists and drops incidents left with none", () => {
    const extra = BASE.replace(
      '    models: [{ id: llama-2-7b }, { id: mistral-7b }]\n',
      '    models: [{ id: llama-2-7b }, { id: mistral-7b }]\n    incidents:\n' +
        '      - { kind: down, startS: 1, durationS: 1, models: [mistral-7b] }\n' +
        '      - { kind: down, startS: 2, durationS: 1, models: [llama-2-7b, mistral-7b] }\n' +
        '      - { kind: down, startS: 3, durationS: 1 }\n',
    );
    const s = parseScenarioText(`${extra}router:\n  routing: { strategy: cost }\n  providers: { together: { models: [llama-2-7b] } }\n`, 't.yaml');
    const together = s.providers[1];
    expect(together.models.map((m) => m.id)).toEqual(['llama-2-7b']);
    expect(together.incidents.map((i) => [('startS' in i ? i.startS : -1), i.models])).toEqual([
      [2, ['llama-2-7b']],
      [3, undefined],
    ]);
  });
});

describe('errors in the seed section', () => {
  it('a fallback to a model the seed section drops is refused at load, with its position (not at run time)', () => {
    const text = withRouter('routing: { strategy: cost }\nproviders:\n  openai: { models: [gpt-4] }\nfallbacks:\n  default: { together/llama-2-7b: [openai/gpt-3.5-turbo] }');
    expect(errorLines(() => parseScenarioText(text, 'x.yaml'))).toEqual([
      "x.yaml:15:38: router.fallbacks.default[\"together/llama-2-7b\"][0]: unknown deployment or provider id 'openai/gpt-3.5-turbo'",
    ]);
  });

  it('names unknown providers and models with suggestions and positions', () => {
    const text = withRouter('routing: { strategy: cost }\nproviders:\n  opnai: { weight: 2 }\n  together: { models: [llama-2-7b, mistral-7c] }\n');
    expect(errorLines(() => parseScenarioText(text, 't.yaml'))).toEqual([
      "t.yaml:13:5: router.providers.opnai: unknown provider 'opnai'; did you mean 'openai'? (scenario providers: openai, together)",
      "t.yaml:14:38: router.providers.together.models[1]: unknown model 'mistral-7c' for provider 'together'; did you mean 'mistral-7b'? (its models: llama-2-7b, mistral-7b)",
    ]);
  });

  it('validates seed values and keys like any other section', () => {
    const text = withRouter(
      'routing: { strategy: balance, health_check_interval: 0, recovery_threshold: 1.5 }\n' +
        'load_balancing: { algorithm: weighted-round-robin, adaptation_rate: 2 }\n' +
        'monitoring: { alert_treshold: 0.9 }\n',
    );
    expect(errorLines(() => parseScenarioText(text, 't.yaml'))).toEqual([
      "t.yaml:11:24: router.routing.strategy: must be one of 'cost', 'performance', 'load_balance', 'hybrid', 'adaptive' (got 'balance')",
      't.yaml:11:56: router.routing.health_check_interval: must be > 0 (got 0)',
      't.yaml:11:79: router.routing.recovery_threshold: expected an integer, got 1.5',
      "t.yaml:12:32: router.load_balancing.algorithm: must be one of 'round_robin', 'weighted_round_robin', 'least_connections', 'least_response_time', 'ip_hash', 'adaptive' (got 'weighted-round-robin'); did you mean 'weighted_round_robin'?",
      't.yaml:12:71: router.load_balancing.adaptation_rate: must be <= 1 (got 2)',
      "t.yaml:13:17: router.monitoring.alert_treshold: unknown key; did you mean 'alert_threshold'?",
    ]);
  });

  it('still validates the rest of the scenario when the seed section is wrong', () => {
    const text = withRouter('routing: { strategy: nope }\n').replace('durationS: 60', 'durationS: 0');
    expect(errorLines(() => parseScenarioText(text, 't.yaml'))).toEqual([
      't.yaml:2:12: durationS: must be > 0 (got 0)',
      "t.yaml:11:24: router.routing.strategy: must be one of 'cost', 'performance', 'load_balance', 'hybrid', 'adaptive' (got 'nope')",
    ]);
  });
});

describe('seedToNativeRouter', () => {
  it('produces exactly the documented native keys', () => {
    const seed = seedRouterConfigSchema.parse({ routing: { strategy: 'performance', health_check_interval: 2.5 } });
    expect(seedToNativeRouter(seed, {})).toEqual({
      strategy: 'performance',
      params: {},
      activeHealthCheck: { intervalMs: 2500, unhealthyThreshold: 2, healthyThreshold: 3 },
    });
  });
});
