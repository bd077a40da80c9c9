import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { describeFailure } from '../../src/cli/user-error.js';
import { formatRunSummary } from '../../src/cli/format-run.js';
import { scenarioJsonSchema } from '../../src/config/json-schema.js';
import { parseScenarioText } from '../../src/config/load-scenario.js';
import { formatScenarioError, ScenarioError } from '../../src/config/scenario-error.js';
import { listStrategies } from '../../src/routing/strategies/registry.js';
import { checkEventBudget } from '../../src/sim/estimate-events.js';
import { runScenario } from '../../src/sim/run-scenario.js';

/**
 * Every number the schema accepts must be one the code can handle. For every numeric field of
 * the base scenarios below, each value in EDGES (the schema's usual bounds and just inside
 * them, and the extremes of a double) either loads and runs — a short run, through the
 * CLI's event-budget check, summary and formatting — or is refused as a user error (exit 2,
 * one line). Never another exception: that is a stack trace for the user.
 *
 * The base scenarios together hold every numeric key the JSON Schema has (checked below),
 * and every numeric strategy parameter, so a new number cannot slip past this test.
 * Runaways (a schema-valid run with far more events than estimated) are another piece of
 * work: runs are capped through `shouldStop`, and a capped run counts as "runs".
 */

const EDGES = [
  0, 5e-324, 1e-300, 0.0001, 0.1, 0.5, 1 - 2 ** -53, 1, 1 + 2 ** -52, 99.9, 100, 1000, 10_000,
  2 ** 31, 2 ** 53 - 1, 1e21, 1e308, Number.MAX_VALUE, -1,
];
/** Event budget for a run (the CLI's default is 2e9; runs here must be short). */
const MAX_EVENTS = 2e4;
/** shouldStop is polled every few thousand events: this caps a run near a million. */
const MAX_POLLS = 300;

const FULL = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'config', 'full-scenario.yaml'), 'utf8');
const SEED = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'config', 'seed-router-scenario.yaml'), 'utf8');

const PROVIDER = `  - id: p
    models: [{ id: m, cachedInputUsdPerMTok: 0.1, contextWindowTokens: 8000, weight: 2, priority: 1, latencyFactor: 1 }]
    capacity: { maxConcurrent: 4, maxQueue: 10 }
    latency: { ttftMs: { kind: gamma, shape: 2, scale: 100 }, msPerOutputToken: { kind: pareto, shape: 3, scale: 10 } }
    healthEndpoint: { latencyMs: { kind: constant, value: 20 } }
    errors: { serverErrorRate: 0.05, midStreamErrorRate: 0.1, stallRate: 0.1 }
    incidents:
      - { kind: errors, startS: 5, durationS: 5, errorRate: 0.5 }
      - { kind: rate-limit-squeeze, timeBetweenS: { kind: uniform, min: 5, max: 10 }, durationS: 2, limitFactor: 0.5 }
    priceChanges: [{ atS: 10, model: m, inputUsdPerMTok: 1, outputUsdPerMTok: 2, cachedInputUsdPerMTok: 0.5 }]
    prefixCache: { capacityBlocks: 100, blockTokens: 16, ttftSavingFraction: 0.5 }
  - id: q
    models: [{ id: m }]
`;

const STRATEGY_PARAMS = `  strategyParams:
    cost: { tokensPerWord: 1.3 }
    performance: { wSuccess: 0.6, wLatency: 0.4, capMs: 10000, priorScore: 0.5, explorationRate: 0.1 }
    weighted-round-robin: { weights: { p: 2, q/m: 1 } }
    weighted-random: { weights: { p: 2 } }
    priority: { weights: { q: 3 } }
    least-response-time: { unknownLatencyMs: 0 }
    adaptive: { rate: 0.1, floor: 0.1, initialWeight: 1, windowSize: 100 }
    p2c-ewma: { unknownLatencyMs: 1000 }
    consistent-hash: { virtualNodes: 160 }
    prefix-affinity: { prefixBlocks: 2, loadBound: 0.25, virtualNodes: 160 }
    latency-based: { buffer: 0.1 }
    cheapest-healthy: { tokensPerWord: 1.3 }
    oracle: { tokensPerWord: 1.3 }
`;

const BASES: Record<string, string> = {
  full: FULL.replace('durationS: 900', 'durationS: 3').replace('calmRatePerS: 2, burstRatePerS: 20', 'calmRatePerS: 1, burstRatePerS: 5'),
  seed: SEED.replace('durationS: 600', 'durationS: 3'),
  poisson: `name: poisson
seed: 7
durationS: 3
replications: 2
traffic:
  arrivals: { kind: poisson, ratePerS: 3 }
  inputTokens: { kind: uniform, min: 10, max: 500 }
  outputTokens: { kind: lognormal, mu: 4, sigma: 0.5 }
  budgetUsd: { kind: exponential, mean: 0.01 }
  streamFraction: 0.5
providers:
${PROVIDER}router:
  strategy: round-robin
${STRATEGY_PARAMS}  cooldown: { allowedFailsPerMinute: 2, failureRateThreshold: 0.5, minRequests: 3, cooldownMs: 1000 }
  circuitBreaker: { consecutiveFailures: 3, failureRateThreshold: 0.5, windowMs: 1000, minRequests: 5, openMs: 500, openBackoffFactor: 2, maxOpenMs: 5000, halfOpenProbes: 1 }
  outlierDetection: { consecutive5xx: 3, sweepIntervalMs: 1000, baseEjectionMs: 1000, maxEjectionMs: 5000, maxEjectionPercent: 50 }
  activeHealthCheck: { intervalMs: 1000, timeoutMs: 100, unhealthyThreshold: 2, healthyThreshold: 2, jitterFraction: 0.1 }
  retries: { maxRetries: 2, baseBackoffMs: 10, maxBackoffMs: 100, budgetRatio: 0.2, budgetMinRetries: 3 }
  timeouts: { attemptMs: 5000, deadlineMs: 10000, firstTokenMs: 1000, idleMs: 300 }
  maxRetryAfterMs: 2000
  hedging: { delayMs: 500, maxHedgeRatio: 0.1 }
  panicThresholdPercent: 50
  historySize: 50
  ewmaHalfLifeMs: 1000
metrics: { bucketS: 5, sloSuccessRate: 0.99, warmupS: 1, quantileRelativeError: 0.01, latencyTargetMs: 5000, failurePenaltyMs: 20000, availabilityFloor: 0.9 }
claims: { baselineProviders: [q], routedStrategy: round-robin, responseTimeImprovement: 0.1, costReduction: 0.1, successRate: 0.99 }
`,
  piecewise: `name: piecewise
durationS: 3
traffic:
  arrivals: { kind: piecewise, segments: [{ untilS: 5, ratePerS: 1 }, { untilS: 20, ratePerS: 3 }] }
  outputTokens: { kind: normal, mean: 100, sd: 20 }
  inputTokens: { kind: lognormal, median: 100, p99: 900 }
  streamFraction: 1
  tenants: { t1: 2, t2: 1 }
providers:
  - id: p
    models: [{ id: m }]
    latency: { ttftMs: { kind: weibull, shape: 1.5, scale: 200 }, msPerOutputToken: { kind: exponential, mean: 10 } }
  - id: q
    models: [{ id: m }]
router:
  timeouts: { firstTokenMs: 400, idleMs: 100 }
  hedging: { percentile: 90, basis: ttft, windowSize: 20, maxHedgeRatio: 0.5, budgetWindowMs: 1000 }
  budgets: [{ scope: provider, match: p, limitUsd: 0.0001, window: minute }]
  tenantLimits: { default: { window: minute, requests: 5, inputTokens: 2000, outputTokens: 500, totalTokens: 3000, costUsd: 0.001 } }
  selection: { maxPriceUsdPerRequest: 0.01, maxInputUsdPerMTok: 5, maxOutputUsdPerMTok: 10, minThroughputTokensPerS: 20, throughputPercentile: 10, minThroughputSamples: 3, sort: throughput }
`,
  diurnal: `name: diurnal
durationS: 3
traffic:
  arrivals: { kind: diurnal, meanRatePerS: 2, amplitude: 0.5, periodS: 10, phaseS: 1 }
  tenants: { a: 1, b: 1 }
providers:
  - id: p
    models: [{ id: m }]
    capacity: { maxConcurrent: 2 }
    incidents: [{ kind: capacity-squeeze, startS: 1, durationS: 1, limitFactor: 0.5 }]
  - id: q
    models: [{ id: m }]
router:
  concurrencyLimit: { algorithm: gradient, initialLimit: 2, limits: { q: 1 }, minLimit: 1, maxLimit: 50, backoffRatio: 0.9, latencyThresholdMs: 2000, tolerance: 1.5, smoothing: 0.2, shortWindow: 10, longWindow: 100 }
  priorityQueue: { maxWaitMs: 1000, maxLength: 10, tenantPriorities: { a: 2 }, defaultPriority: 0, sheddableBelow: 0 }
  statusRules: { retryOn: [rate-limited, 503], fallbackOn: [500], maxRetriesByKind: { rate-limited: 3 }, breakerFailureOn: [429] }
`,
};

type Seg = string | number;

/** Paths of every numeric leaf. */
function numericLeaves(v: unknown, prefix: Seg[] = []): Seg[][] {
  if (typeof v === 'number') return [prefix];
  if (Array.isArray(v)) return v.flatMap((x, i) => numericLeaves(x, [...prefix, i]));
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, x]) => numericLeaves(x, [...prefix, k]));
  return [];
}

function withValue(doc: unknown, path: Seg[], value: number): unknown {
  const copy = structuredClone(doc) as Record<Seg, unknown>;
  let at = copy;
  for (const seg of path.slice(0, -1)) at = at[seg] as Record<Seg, unknown>;
  at[path[path.length - 1]] = value;
  return copy;
}

/** Numeric property names of the JSON Schema (the seed router's and distributions' included). */
function schemaNumericKeys(): Set<string> {
  const root = scenarioJsonSchema() as Record<string, unknown>;
  const defs = root.$defs as Record<string, unknown>;
  const keys = new Set<string>();
  const walk = (s: unknown, key: string, seen: Set<string>): void => {
    if (typeof s !== 'object' || s === null) return;
    const o = s as Record<string, unknown>;
    if (typeof o.$ref === 'string') {
      const name = o.$ref.split('/').pop()!;
      if (!seen.has(name)) walk(defs[name], key, new Set([...seen, name]));
      return;
    }
    if (o.type === 'number' || o.type === 'integer') keys.add(key);
    for (const k of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(o[k])) for (const x of o[k] as unknown[]) walk(x, key, seen);
    if (typeof o.properties === 'object' && o.properties !== null) for (const [k, v] of Object.entries(o.properties)) walk(v, k, seen);
    if (o.items) walk(o.items, key, seen);
    if (typeof o.additionalProperties === 'object') walk(o.additionalProperties, key, seen);
  };
  walk(root, '', new Set());
  return keys;
}

type Outcome = 'refused' | 'ran';

function outcome(text: string, strategy: string | undefined): Outcome {
  let scenario;
  try {
    scenario = parseScenarioText(text, 'numbers.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    const text = formatScenarioError(e as ScenarioError);
    expect(text).not.toContain('internal error');
    // One line per issue (an anchored value used twice, or two bounds, make two), each with its place.
    const lines = text.split('\n');
    expect(lines.length, text).toBeLessThanOrEqual(11);
    for (const line of lines) expect(line, text).toMatch(/^numbers\.yaml:\d+:\d+: /);
    return 'refused';
  }
  try {
    checkEventBudget(scenario, MAX_EVENTS);
    let polls = 0;
    const summary = runScenario(scenario, { strategy, shouldStop: () => ++polls > MAX_POLLS });
    formatRunSummary(summary);
    JSON.stringify(summary);
    return 'ran';
  } catch (e) {
    const { message, exitCode } = describeFailure(e);
    expect(exitCode, message).toBe(2);
    expect(message.split('\n')).toHaveLength(1);
    return 'refused';
  }
}

describe('every schema-accepted number runs or is refused with exit 2 (never a crash)', () => {
  it('the base scenarios hold every numeric key of the schema and every numeric strategy parameter', () => {
    // A key counts as held when a number sits at or under it (record values and list items sit under their key).
    const held = new Set(Object.values(BASES).flatMap((text) => numericLeaves(parse(text)).flatMap((p) => p.filter((s) => typeof s === 'string'))));
    // trace / servegen need data files: their numbers are listed, and covered by their own tests.
    const dataSources = new Set(['timeScale', 'sampleFraction', 'rateScale', 'clients', 'endS', '']);
    const missing = [...schemaNumericKeys()].filter((k) => !held.has(k) && !dataSources.has(k));
    expect(missing).toEqual([]);
    // quality-threshold runs only with traffic.quality (RouteLLM data files).
    const params = listStrategies()
      .filter((s) => s.name !== 'quality-threshold')
      .flatMap((s) => s.params.filter((p) => p.type === 'number' || p.type === 'integer').map((p) => `${s.name}.${p.name}`));
    const heldParams = new Set(numericLeaves(parse(BASES.poisson)).filter((p) => p[1] === 'strategyParams').map((p) => `${p[2]}.${p[3]}`));
    expect(params.filter((p) => !heldParams.has(p))).toEqual([]);
  });

  for (const [name, text] of Object.entries(BASES)) {
    it(`${name}: every numeric field × ${EDGES.length} edge values`, () => {
      const doc = parse(text) as unknown;
      expect(outcome(text, undefined)).toBe('ran');
      const failures: string[] = [];
      let ran = 0;
      for (const path of numericLeaves(doc)) {
        const strategy = path[0] === 'router' && path[1] === 'strategyParams' ? String(path[2]) : undefined;
        for (const value of EDGES) {
          try {
            if (outcome(stringify(withValue(doc, path, value)), strategy) === 'ran') ran++;
          } catch (e) {
            failures.push(`${path.join('.')} = ${value}: ${String(e).split('\n')[0].slice(0, 300)}`);
          }
        }
      }
      expect(failures).toEqual([]);
      expect(ran).toBeGreaterThan(0);
    });
  }
});
