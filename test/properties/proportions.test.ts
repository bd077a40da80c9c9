/**
 * Proportions through the whole router (health producers, stats, breaker acquire and all):
 * with every deployment healthy and never failing, weighted round robin hands each deployment
 * exactly its weight share over every full cycle and stays within ±1 of it over any prefix;
 * plain round robin stays within ±1 of an equal share. (The pickers alone are tested in
 * src/routing/strategies/pickers/*.test.ts; this checks that nothing in the router bends them.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROPERTY_TIMEOUT_MS, runs } from './runs.js';
import { scenarioSchema } from '../../src/config/scenario-schema.js';
import { healthBlocksArb, quietProviders, requestStreamArb, weightsArb } from './arbitraries.js';
import { createRouterRun, runToHorizon, scheduleRequests, steadyTransport } from './router-harness.js';

const LATENCY_MS = 100;

/** Overrides of the WRR `weights` param: by provider id or by deployment id, or none. */
const overridesArb = (n: number) =>
  fc.array(fc.record({ i: fc.nat(n - 1), byDeployment: fc.boolean(), weight: fc.integer({ min: 1, max: 6 }) }), { maxLength: n });

/** A quiet fleet behind the given strategy, with random (never triggered) health producers. */
const quietScenario = (strategy: string, weights: readonly number[], params: Record<string, unknown>, health: object, hedgeDelayMs: number | false) =>
  scenarioSchema.parse({
    name: 'quiet',
    durationS: 3_600,
    traffic: { arrivals: { kind: 'poisson', ratePerS: 1 } },
    providers: quietProviders(weights.length, { weights, latencyMs: LATENCY_MS }),
    router: {
      strategy, params, ...health,
      hedging: hedgeDelayMs === false ? false : { delayMs: hedgeDelayMs, maxHedgeRatio: 1 },
      timeouts: { attemptMs: 10 * LATENCY_MS, deadlineMs: 20 * LATENCY_MS },
    },
  });

/** Deployment picked by each attempt, in send order. */
function picks(strategy: string, weights: readonly number[], params: Record<string, unknown>, health: object, hedge: number | false, requests: Parameters<typeof scheduleRequests>[1]) {
  const run = createRouterRun(quietScenario(strategy, weights, params, health, hedge), { transport: (s) => steadyTransport(s, LATENCY_MS) });
  scheduleRequests(run, requests);
  runToHorizon(run, requests[requests.length - 1].arrivalMs + 1_000);
  // Precondition of the property: nothing failed, nothing was retried or hedged.
  expect(run.results.every((r) => r.ok && r.attempts === 1)).toBe(true);
  return { ids: run.transport.attempts.map((a) => a.deploymentId), deployments: run.deployments };
}

describe('proportions through the router', () => {
  it('weighted-round-robin: exact shares every full cycle, ±1 over any prefix (150 runs)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(weightsArb(n), overridesArb(n))),
        healthBlocksArb,
        fc.oneof(fc.constant(false as const), fc.integer({ min: 2 * LATENCY_MS, max: 5 * LATENCY_MS })),
        requestStreamArb({ maxRequests: 200, maxGapMs: 300 }),
        ([weights, overrides], health, hedge, requests) => {
          const params: Record<string, number> = {};
          for (const o of overrides) params[o.byDeployment ? `p${o.i}/m0` : `p${o.i}`] = o.weight;
          const { ids, deployments } = picks('weighted-round-robin', weights, { weights: params }, health, hedge, requests);
          // Expected weight: deployment-id override, else provider-id override, else the provider's weight.
          const w = deployments.map((d, i) => params[d.id] ?? params[d.providerId] ?? weights[i]);
          const total = w.reduce((s, x) => s + x, 0);
          const counts = new Array<number>(w.length).fill(0);
          ids.forEach((id, k) => {
            counts[deployments.findIndex((d) => d.id === id)]++;
            const n = k + 1;
            counts.forEach((c, i) => expect(Math.abs(c - (n * w[i]) / total)).toBeLessThanOrEqual(1 + 1e-9));
            if (n % total === 0) expect(counts).toEqual(w.map((x) => (x * n) / total));
          });
        },
      ),
      { numRuns: runs(150) },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('round-robin: every prefix within ±1 of an equal share (150 runs)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), healthBlocksArb, requestStreamArb({ maxRequests: 200, maxGapMs: 300 }), (n, health, requests) => {
        const { ids, deployments } = picks('round-robin', new Array<number>(n).fill(1), {}, health, false, requests);
        const counts = new Array<number>(n).fill(0);
        ids.forEach((id, k) => {
          counts[deployments.findIndex((d) => d.id === id)]++;
          for (const c of counts) expect(Math.abs(c - (k + 1) / n)).toBeLessThan(1);
        });
      }),
      { numRuns: runs(150) },
    );
  }, PROPERTY_TIMEOUT_MS);
});
