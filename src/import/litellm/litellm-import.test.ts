import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../config/load-scenario.js';
import { formatPath, type PathSegment } from '../../config/scenario-error.js';
import { loadLitellmPriceTable } from '../../config/pricing/price-table-files.js';
import { runScenario } from '../../sim/run-scenario.js';
import { formatImportWarnings, type ImportWarning } from './import-warnings.js';
import { LitellmConfigError, parseLitellmConfig, readLitellmConfig, type LitellmConfig } from './litellm-config.js';
import { LITELLM_STRATEGIES } from './litellm-defaults.js';
import { importLitellmConfig, type ImportOptions } from './litellm-to-scenario.js';
import { importedScenarioYaml } from './scenario-yaml.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'litellm');
const TABLE = loadLitellmPriceTable('../shared/data/litellm-model-prices/model_prices_and_context_window.2025-11-01.upstream-579843b4.json');
const tmp = mkdtempSync(join(tmpdir(), 'routesim-litellm-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const fixture = (name: string) => readLitellmConfig(join(FIXTURES, `${name}.yaml`));
const paths = (ws: readonly ImportWarning[]) => ws.map((w) => formatPath(w.path));
type Obj = Record<string, any>;

/** Writes the imported scenario, loads it like any scenario file, and returns it. */
function roundTrip(cfg: LitellmConfig, opts: ImportOptions = {}) {
  const result = importLitellmConfig(cfg, { priceTable: TABLE, ...opts });
  const file = join(tmp, `${String(result.scenario.name)}-${Object.keys(opts).join('-')}.yaml`);
  writeFileSync(file, importedScenarioYaml(result, cfg.file));
  return { result, scenario: loadScenarioFile(file), file };
}

/**
 * The settings the import maps (independent of the code under test). Every other key in a
 * fixture must be named in a warning: the import may not drop a setting silently.
 */
const MAPPED: Record<string, ReadonlySet<string>> = {
  router_settings: new Set(['routing_strategy', 'num_retries', 'retry_after', 'allowed_fails', 'cooldown_time', 'disable_cooldowns', 'timeout', 'fallbacks', 'context_window_fallbacks', 'default_fallbacks']),
  litellm_settings: new Set(['num_retries', 'request_timeout', 'fallbacks', 'context_window_fallbacks', 'default_fallbacks', 'allowed_fails', 'cooldown_time']),
  litellm_params: new Set(['model', 'rpm', 'tpm', 'weight', 'input_cost_per_token', 'output_cost_per_token', 'custom_llm_provider', 'api_base', 'timeout']),
  model_info: new Set(['base_model', 'max_input_tokens']),
  entry: new Set(['model_name', 'litellm_params', 'model_info', 'rpm', 'tpm']),
};

function unmappedSettings(cfg: LitellmConfig): PathSegment[][] {
  const out: PathSegment[][] = [];
  for (const k of Object.keys(cfg.routerSettings)) if (!MAPPED.router_settings.has(k)) out.push(['router_settings', k]);
  for (const k of Object.keys(cfg.litellmSettings)) if (!MAPPED.litellm_settings.has(k)) out.push(['litellm_settings', k]);
  for (const k of Object.keys(cfg.generalSettings)) out.push(['general_settings', k]);
  for (const d of cfg.deployments) {
    for (const k of Object.keys(d.params)) if (!MAPPED.litellm_params.has(k)) out.push(['model_list', d.index, 'litellm_params', k]);
    for (const k of Object.keys(d.modelInfo)) if (!MAPPED.model_info.has(k)) out.push(['model_list', d.index, 'model_info', k]);
    for (const k of Object.keys(d.extra)) if (!MAPPED.entry.has(k)) out.push(['model_list', d.index, k]);
  }
  return out;
}

const startsWith = (path: readonly PathSegment[], prefix: readonly PathSegment[]) => prefix.length <= path.length && prefix.every((s, i) => s === path[i]);

describe.each(['azure-openai-failover', 'llama-latency-routing', 'claude-usage-based'])('fixture %s', (name) => {
  it('warns about every setting it does not map (or maps only partly)', () => {
    const cfg = fixture(name);
    const warned = importLitellmConfig(cfg, { priceTable: TABLE }).warnings.map((w) => w.path);
    // A warning about a setting, about part of it, or about its whole entry (a group left out) covers it.
    const missing = unmappedSettings(cfg).filter((p) => !warned.some((w) => startsWith(w, p) || startsWith(p, w))).map(formatPath);
    expect(missing).toEqual([]);
  });

  it('produces a scenario that loads and runs', () => {
    for (const withFallbackGroups of [false, true]) {
      const { scenario } = roundTrip(fixture(name), { withFallbackGroups, durationS: 60 });
      const summary = runScenario(scenario, { seed: 1 });
      expect(summary.requests.total).toBeGreaterThan(200);
      expect(summary.successRate).toBeGreaterThan(0.95);
    }
  });
});

describe('azure-openai-failover: weighted shuffle with fallbacks', () => {
  const cfg = fixture('azure-openai-failover');

  it('maps strategy, weights, limits, prices, retries, cooldown and timeout', () => {
    const { result, scenario } = roundTrip(cfg);
    expect(result.modelGroup).toBe('gpt-4o');
    expect(scenario.router.strategy).toBe('weighted-random');
    expect(scenario.providers.map((p) => [p.id, p.weight, p.rateLimits.rpm, p.rateLimits.tpm])).toEqual([
      ['azure-contoso-eastus', 3, 900, 450_000],
      ['azure-contoso-swedencentral', 2, 600, 300_000],
      ['openai', 1, 500, 800_000],
    ]);
    // azure/gpt-4o (via model_info.base_model) and gpt-4o from the LiteLLM table.
    for (const p of scenario.providers) expect(p.models[0]).toMatchObject({ id: 'gpt-4o', inputUsdPerMTok: 2.5, outputUsdPerMTok: 10, cachedInputUsdPerMTok: 1.25, contextWindowTokens: 128_000 });
    expect(scenario.router.retries).toMatchObject({ maxRetries: 2, baseBackoffMs: 1000, budgetRatio: 1 });
    expect(scenario.router.cooldown).toMatchObject({ allowedFailsPerMinute: 3, cooldownMs: 30_000, failureRateThreshold: 0.5 });
    expect(scenario.router.timeouts.attemptMs).toBe(60_000);
    // router_settings.num_retries (2) wins over litellm_settings.num_retries (5), and says so.
    expect(result.warnings).toContainEqual({ path: ['litellm_settings', 'num_retries'], message: expect.stringContaining('overridden by router_settings.num_retries') });
  });

  it('without --with-fallback-groups: one group, and a warning for each fallback it leaves out', () => {
    const { result } = roundTrip(cfg);
    const lines = formatImportWarnings(result.warnings);
    expect(lines).toContain(`fallbacks["gpt-4o"]: fallback to model group 'gpt-4o-mini' not imported (pass --with-fallback-groups to include its deployments)`);
    expect(lines).toContain(`context_window_fallbacks["gpt-4o"]: context-window fallback to model group 'gemini-long' not imported (pass --with-fallback-groups)`);
    expect(lines).toContain("model_list[3]: model group 'gpt-4o-mini' not simulated: one scenario is one model group (use --model-group gpt-4o-mini)");
    expect(lines).toContain('model_list[0,1,2].litellm_params.api_key: credentials and endpoints are not simulated; ignored');
  });

  it('with --with-fallback-groups: fallback chains by error class, fallback groups damped', () => {
    const { scenario } = roundTrip(cfg, { withFallbackGroups: true });
    expect(scenario.providers.map((p) => p.id)).toEqual(['azure-contoso-eastus', 'azure-contoso-swedencentral', 'openai-gpt-4o', 'openai-gpt-4o-mini', 'gemini']);
    expect(scenario.router.fallbacks.default['azure-contoso-eastus/gpt-4o']).toEqual(['openai-gpt-4o-mini/gpt-4o-mini']);
    expect(scenario.router.fallbacks.contextWindow['openai-gpt-4o/gpt-4o']).toEqual(['gemini/gemini-long']);
    expect(scenario.providers[3].weight).toBe(0.001);
    expect(scenario.providers[4].models[0].contextWindowTokens).toBe(2_000_000); // model_info.max_input_tokens
  });

  it('another group on request, with a did-you-mean for a typo', () => {
    expect(importLitellmConfig(cfg, { modelGroup: 'gpt-4o-mini' }).deployments).toHaveLength(1);
    expect(() => importLitellmConfig(cfg, { modelGroup: 'gpt-4o-mnii' })).toThrow(/no model group 'gpt-4o-mnii' \(--model-group\); did you mean 'gpt-4o-mini'\?/);
  });
});

describe('llama-latency-routing: latency-based with per-deployment timeouts', () => {
  it('maps the buffer, the longest effective timeout and the retries; flags the unpriced model', () => {
    const { result, scenario } = roundTrip(fixture('llama-latency-routing'));
    expect(scenario.router.strategy).toBe('latency-based');
    expect(scenario.router.params).toEqual({ buffer: 0.2 });
    expect(scenario.router.timeouts.attemptMs).toBe(30_000); // 20 / 30 / 30 s per deployment
    expect(scenario.router.retries.maxRetries).toBe(3);
    expect(scenario.providers.map((p) => [p.id, p.rateLimits.rpm])).toEqual([['groq', 1000], ['together_ai', 3000], ['fireworks_ai', 600]]);
    expect(scenario.providers[0].models[0]).toMatchObject({ inputUsdPerMTok: 0.59, outputUsdPerMTok: 0.79 });
    expect(paths(result.warnings)).toEqual(expect.arrayContaining([
      'router_settings.routing_strategy_args.ttl', 'model_list[2].litellm_params.model', 'model_list[0].litellm_params.stream_timeout',
      'model_list[1].litellm_params.tags', 'model_list[2].litellm_params.max_parallel_requests',
    ]));
  });
});

describe('claude-usage-based: usage-based with order and policies', () => {
  it('maps usage-based, order → priority, litellm_settings fallbacks and request_timeout', () => {
    const { result, scenario } = roundTrip(fixture('claude-usage-based'), { withFallbackGroups: true });
    expect(scenario.router.strategy).toBe('usage-based');
    expect(scenario.providers.map((p) => [p.id, p.priority])).toEqual([['anthropic-claude-sonnet', 0], ['bedrock', 1], ['vertex_ai', 1], ['anthropic-claude-haiku', 0]]);
    expect(scenario.router.fallbacks.default['bedrock/claude-sonnet']).toEqual(['anthropic-claude-haiku/claude-haiku']);
    expect(scenario.router.timeouts.attemptMs).toBe(120_000);
    expect(scenario.router.cooldown).toMatchObject({ cooldownMs: 10_000 });
    expect(scenario.providers[1].models[0]).toMatchObject({ inputUsdPerMTok: 3, outputUsdPerMTok: 15 }); // bedrock id without prefix
    expect(paths(result.warnings)).toEqual(expect.arrayContaining(['router_settings.retry_policy', 'router_settings.allowed_fails_policy', 'router_settings.content_policy_fallbacks', 'router_settings.model_group_alias']));
  });
});

describe('strategy table and settings edge cases', () => {
  const config = (router: string) => parseLitellmConfig(`model_list:\n  - { model_name: m, litellm_params: { model: openai/gpt-4o } }\n  - { model_name: m, litellm_params: { model: azure/gpt-4o } }\nrouter_settings:\n${router}`, 'c.yaml');

  it.each(Object.entries(LITELLM_STRATEGIES))('%s → %s', (litellm, routesim) => {
    expect(importLitellmConfig(config(`  routing_strategy: ${litellm}`)).scenario.router).toMatchObject({ strategy: routesim });
  });

  it('an unknown strategy warns and falls back to weighted-random; LiteLLM defaults apply when unset', () => {
    const r = importLitellmConfig(config('  routing_strategy: round-robin-ish'));
    expect((r.scenario.router as Obj).strategy).toBe('weighted-random');
    expect(r.warnings[0]).toMatchObject({ path: ['router_settings', 'routing_strategy'], message: expect.stringContaining("unknown strategy 'round-robin-ish'") });
    const d = importLitellmConfig(config('  {}')).scenario.router as Obj;
    expect(d).toMatchObject({ strategy: 'weighted-random', retries: { maxRetries: 2 }, cooldown: { allowedFailsPerMinute: 3, cooldownMs: 5000 }, timeouts: { attemptMs: 6_000_000 } });
  });

  it('disable_cooldowns turns the cooldown off; bad numbers warn and use the default', () => {
    const r = importLitellmConfig(config('  disable_cooldowns: true\n  num_retries: -1'));
    expect((r.scenario.router as Obj).cooldown).toBe(false);
    expect((r.scenario.router as Obj).retries.maxRetries).toBe(2);
    expect(r.warnings).toContainEqual({ path: ['router_settings', 'num_retries'], message: 'expected a non-negative number, got -1; using the LiteLLM default' });
  });

  it('rejects files that are not LiteLLM configs', () => {
    expect(() => parseLitellmConfig('just text', 'a.yaml')).toThrow(LitellmConfigError);
    expect(() => parseLitellmConfig('model_list: []', 'a.yaml')).toThrow(/model_list: expected a non-empty list/);
    expect(() => parseLitellmConfig('model_list: [{ model_name: x }]', 'a.yaml')).toThrow(/model_list\[0\]\.litellm_params\.model/);
    // Errors name the line and column: the setting itself, or the entry that lacks it.
    expect(() => parseLitellmConfig('model_list:\n  - model_name: x\n    litellm_params: { mode: y }\n', 'a.yaml'))
      .toThrow('a.yaml:3:21: model_list[0].litellm_params.model: expected the provider model');
    expect(() => parseLitellmConfig('model_list:\n  - model_name: x\n    litellm_params: { model: y\n', 'a.yaml')).toThrow(/^a\.yaml:4:1: not valid YAML \(Flow map[^)]*\)$/);
    expect(() => parseLitellmConfig('model_list: [{ model_name: x, litellm_params: { model: y } }]\nrouter_settings: 3', 'a.yaml')).toThrow(/router_settings: expected a mapping/);
    expect(() => readLitellmConfig('nope.yaml')).toThrow('nope.yaml: file not found');
  });
});

describe('formatImportWarnings', () => {
  it('groups one message across model_list entries and keeps the order of first appearance', () => {
    expect(formatImportWarnings([
      { path: ['router_settings', 'a'], message: 'x' },
      { path: ['model_list', 0, 'litellm_params', 'api_key'], message: 'creds' },
      { path: ['model_list', 2, 'litellm_params', 'api_key'], message: 'creds' },
      { path: ['model_list', 1, 'litellm_params', 'api_key'], message: 'other' },
    ])).toEqual(['router_settings.a: x', 'model_list[0,2].litellm_params.api_key: creds', 'model_list[1].litellm_params.api_key: other']);
  });

  it('with the config, each line starts file:line:col at the first occurrence (no position for a setting not written)', () => {
    const cfg = parseLitellmConfig('model_list:\n  - model_name: a\n    litellm_params: { model: x, api_key: k1 }\n  - model_name: a\n    litellm_params: { model: y, api_key: k2 }\nrouter_settings:\n  redis_host: h\n', 'c.yaml');
    expect(formatImportWarnings([
      { path: ['router_settings', 'redis_host'], message: 'redis' },
      { path: ['model_list', 0, 'litellm_params', 'api_key'], message: 'creds' },
      { path: ['model_list', 1, 'litellm_params', 'api_key'], message: 'creds' },
      { path: ['fallbacks'], message: 'none here' },
    ], cfg)).toEqual([
      'c.yaml:7:15: warning: router_settings.redis_host: redis',
      'c.yaml:3:42: warning: model_list[0,1].litellm_params.api_key: creds',
      'c.yaml: warning: fallbacks: none here',
    ]);
  });

  it('keys with dots keep their place: each segment is one key, located and printed unambiguously', () => {
    const text = 'model_list:\n  - model_name: gpt-4.1\n    litellm_params: { model: openai/gpt-4.1, "a.b": 1 }\n  - model_name: mini\n    litellm_params: { model: openai/gpt-4o-mini }\nrouter_settings:\n  fallbacks: { gpt-4.1: [] }\n  routing_strategy_args: { "x.y": 2 }\n';
    const cfg = parseLitellmConfig(text, 'd.yaml');
    const result = importLitellmConfig(cfg, { modelGroup: 'gpt-4.1' });
    expect(result.warnings).toContainEqual({ path: ['model_list', 0, 'litellm_params', 'a.b'], message: 'not simulated; ignored' });
    expect(result.warnings).toContainEqual({ path: ['router_settings', 'fallbacks', 'gpt-4.1'], message: 'expected a list of model group names; ignored' });
    const lines = formatImportWarnings(result.warnings, cfg);
    expect(lines).toContain('d.yaml:3:53: warning: model_list[0].litellm_params["a.b"]: not simulated; ignored');
    expect(lines).toContain('d.yaml:7:25: warning: router_settings.fallbacks["gpt-4.1"]: expected a list of model group names; ignored');
    expect(lines).toContain('d.yaml:8:35: warning: router_settings.routing_strategy_args["x.y"]: no weighted-random parameter corresponds; ignored');
    expect(formatImportWarnings([
      { path: ['model_list', 0, 'litellm_params', 'a.b'], message: 'm' },
      { path: ['model_list', 1, 'litellm_params', 'a.b'], message: 'm' },
      { path: ['model_list', 1, 'litellm_params', 'a', 'b'], message: 'm' },
    ], cfg)).toEqual([
      'd.yaml:3:53: warning: model_list[0,1].litellm_params["a.b"]: m',
      'd.yaml: warning: model_list[1].litellm_params.a.b: m',
    ]);
  });
});

describe('duplicate keys', () => {
  it('are refused at the later key, with its path', () => {
    const text = 'model_list:\n  - model_name: g\n    litellm_params: { model: openai/gpt-4o, rpm: 1, rpm: 2 }\n';
    expect(() => parseLitellmConfig(text, 'c.yaml')).toThrow("c.yaml:3:53: model_list[0].litellm_params.rpm: duplicate key");
  });
});
