import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../src/config/load-scenario.js';
import type { RunSummary } from '../src/metrics/run-summary.js';
import { runScenario } from '../src/sim/run-scenario.js';

/**
 * A request's luck on a provider (connection error, service error, TTFT and per-token time)
 * is keyed by the model's id, not by where the model sits in the provider's `models:` list:
 * writing the same models in another order must give the very same run.
 */

const MODEL_A = '{ id: alpha, inputUsdPerMTok: 1, outputUsdPerMTok: 2, latencyFactor: 1.5 }';
const MODEL_B = '{ id: beta, inputUsdPerMTok: 3, outputUsdPerMTok: 6 }';
const MODEL_C = '{ id: gamma, inputUsdPerMTok: 9, outputUsdPerMTok: 9, latencyFactor: 0.5 }';

function scenarioText(models: readonly string[], strategy: string): string {
  return `
name: model-order
seed: 7
durationS: 600
traffic: { arrivals: { kind: poisson, ratePerS: 5 } }
providers:
  - id: p
    capacity: { maxConcurrent: 50 }
    latency: { ttftMs: { kind: lognormal, median: 300, p99: 2000 }, msPerOutputToken: { kind: lognormal, median: 10, p99: 40 } }
    errors: { serverErrorRate: 0.15, timeoutRate: 0.02, connectionErrorRate: 0.05 }
    models: [${models.join(', ')}]
  - id: q
    errors: { serverErrorRate: 0.05 }
    models: [{ id: solo, inputUsdPerMTok: 5, outputUsdPerMTok: 5 }]
router:
  strategy: ${strategy}
  retries: { maxRetries: 3, budgetRatio: 1, sameDeployment: true }
  hedging: { delayMs: 1500, maxHedgeRatio: 0.2 }
  timeouts: { attemptMs: 4000, deadlineMs: 20000 }
metrics: { bucketS: 60 }
`;
}

/** The summary with deployments (and the time series' per-deployment attempts) in id order. */
function canonical(s: RunSummary): string {
  const order = s.deployments.map((d, i) => ({ id: d.id, i })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return JSON.stringify({
    ...s,
    deployments: order.map(({ i }) => s.deployments[i]),
    timeseries: s.timeseries.map((b) => ({ ...b, attempts: order.map(({ i }) => b.attempts[i]) })),
  });
}

const run = (models: readonly string[], strategy: string) =>
  runScenario(parseScenarioText(scenarioText(models, strategy), 'model-order.yaml'));

describe('luck is keyed by model id, not by position', () => {
  // cost and cheapest-healthy choose by the models' own prices, so order can only matter through luck.
  for (const strategy of ['cost', 'cheapest-healthy']) {
    it(`${strategy}: every order of a provider's models gives the same summary`, () => {
      const base = run([MODEL_A, MODEL_B, MODEL_C], strategy);
      expect(base.retries).toBeGreaterThan(50); // the luck is really exercised
      expect(base.successRate).toBeGreaterThan(0.9);
      expect(base.deployments.filter((d) => d.attempts > 0).length).toBeGreaterThanOrEqual(2);
      const expected = canonical(base);
      for (const order of [[MODEL_C, MODEL_B, MODEL_A], [MODEL_B, MODEL_A, MODEL_C]]) {
        expect(canonical(run(order, strategy))).toBe(expected);
      }
    });
  }
});
