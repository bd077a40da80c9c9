/**
 * Conservation of requests: every request that arrives ends exactly once, with a reason,
 * whatever the providers do and whatever the router is configured to do.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROPERTY_TIMEOUT_MS, runs } from './runs.js';
import { runScenario } from '../../src/sim/run-scenario.js';
import { STRATEGY_NAMES } from '../../src/routing/strategies/registry.js';
import { requestStreamArb, scenarioArb } from './arbitraries.js';
import { createRouterRun, maxRetriesOf, resultsById, runToHorizon, scheduleRequests } from './router-harness.js';

const sum = (xs: Iterable<number>) => {
  let s = 0;
  for (const x of xs) s += x;
  return s;
};

describe('conservation over whole simulations (runScenario summary)', () => {
  it('total = succeeded + failed; every breakdown adds up (150 generated scenarios, all strategies)', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const s = runScenario(scenario);
        const { total, succeeded, failed, failedByReason, failedByLastError, inFlightAtHorizon } = s.requests;
        expect(total).toBe(succeeded + failed);
        expect(sum(Object.values(failedByReason))).toBe(failed);
        expect(sum(Object.values(failedByLastError))).toBe(failed);
        // No warm-up here, so every request abandoned at the horizon is counted as such.
        expect(failedByReason['in-flight-at-horizon'] ?? 0).toBe(inFlightAtHorizon);
        expect(sum(s.deployments.map((d) => d.served))).toBe(succeeded);
        expect(sum(s.timeseries.map((b) => b.arrivals))).toBe(total);
        expect(sum(s.timeseries.map((b) => b.successes))).toBe(succeeded);
        expect(sum(s.timeseries.map((b) => b.failures))).toBe(failed);
        expect(s.latencyMs.count).toBe(succeeded);
        // A request without any attempt can only be one that found no provider at all, or that
        // admission refused (shed) or held in its queue until it gave up (queue-timeout, deadline).
        const neverSent = ['no-provider', 'shed', 'queue-timeout', ...(scenario.router.priorityQueue === false ? [] : ['deadline'])];
        expect(sum(s.deployments.map((d) => d.attempts))).toBeGreaterThanOrEqual(total - sum(neverSent.map((k) => failedByReason[k] ?? 0)));
        expect(s.retries).toBeLessThanOrEqual(maxRetriesOf(scenario.router) * total);
        expect(s.failovers).toBeLessThanOrEqual(s.retries);
        const hedgeCap = scenario.router.hedging === false ? 0 : Math.floor(scenario.router.hedging.maxHedgeRatio * total + 1e-9);
        expect(s.hedges).toBeLessThanOrEqual(hedgeCap);
        expect(s.panicRequests).toBeLessThanOrEqual(total);
        expect(s.costUsd.total).toBeGreaterThanOrEqual(0);
        const byDeployment = sum(s.deployments.map((d) => d.costUsd));
        expect(Math.abs(byDeployment - s.costUsd.total)).toBeLessThanOrEqual(1e-9 * Math.max(1, s.costUsd.total));
      }),
      { numRuns: runs(150) },
    );
  }, PROPERTY_TIMEOUT_MS);
});

describe('conservation at the router (every RouteResult recorded)', () => {
  /**
   * Routes a generated request stream through Router + World, stops at a horizon that may cut
   * through the stream, abandons what is in flight, drains the queue, and checks every result.
   */
  const check = (strategies?: readonly string[]) =>
    fc.property(
      scenarioArb({ strategies, maxDurationS: 120 }),
      requestStreamArb({ maxRequests: 120, maxGapMs: 1_500 }),
      fc.integer({ min: 1, max: 100 }),
      (scenario, requests, horizonPercent) => {
        const lastArrivalMs = requests[requests.length - 1].arrivalMs;
        const horizonMs = Math.max(1, Math.round(((lastArrivalMs + 5_000) * horizonPercent) / 100));
        const run = createRouterRun(scenario);
        scheduleRequests(run, requests, horizonMs);
        const { inFlightAtHorizon } = runToHorizon(run, horizonMs);
        const cfg = scenario.router;

        // Each routed request ends exactly once; nothing else ends.
        const byId = resultsById(run);
        expect(run.routed.length).toBe(requests.filter((r) => r.arrivalMs < horizonMs).length);
        expect(byId.size).toBe(run.routed.length);
        for (const req of run.routed) expect(byId.get(req.id)?.length).toBe(1);
        expect(run.results.length).toBe(run.routed.length);
        expect(run.router.inFlightRequests).toBe(0);

        // In flight at the horizon ⇒ reported as such, at the horizon; never dropped.
        const abandoned = run.results.filter((r) => r.failureReason === 'in-flight-at-horizon');
        expect(abandoned.length).toBe(inFlightAtHorizon);
        run.results.forEach((r, i) => {
          if (r.failureReason === 'in-flight-at-horizon') expect(run.resultAtMs[i]).toBe(horizonMs);
          else expect(run.resultAtMs[i]).toBeLessThanOrEqual(horizonMs);
        });

        // The transport kept its contract and nothing is left running.
        expect(run.transport.violations).toEqual([]);
        expect(run.transport.liveCount()).toBe(0);

        const sendsById = new Map<number, number>();
        const successesById = new Map<number, string[]>();
        for (const a of run.transport.attempts) {
          sendsById.set(a.requestId, (sendsById.get(a.requestId) ?? 0) + 1);
          if (a.kind === 'success') successesById.set(a.requestId, [...(successesById.get(a.requestId) ?? []), a.deploymentId]);
        }
        const servedByResult = new Map<string, number>();
        const servedByTransport = new Map<string, number>();
        let hedges = 0;
        for (const r of run.results) {
          const req = run.routed.find((q) => q.id === r.requestId)!;
          expect(r.attempts).toBe(sendsById.get(r.requestId) ?? 0);
          if (r.attempts === 0) expect(['no-provider', 'shed', 'queue-timeout', ...(cfg.priorityQueue === false ? [] : ['deadline'])]).toContain(r.failureReason);
          expect(r.retries).toBeLessThanOrEqual(maxRetriesOf(cfg));
          expect(r.failovers).toBeLessThanOrEqual(r.retries);
          expect(r.hedges).toBeLessThanOrEqual(cfg.hedging === false ? 0 : 1);
          expect(r.attempts).toBeLessThanOrEqual(1 + r.retries + r.hedges);
          expect(r.ok).toBe(r.failureReason === undefined);
          expect(r.costUsd).toBeGreaterThanOrEqual(0);
          expect(r.latencyMs).toBe(run.resultAtMs[run.results.indexOf(r)] - req.arrivalMs);
          // At most one attempt of a request succeeds, and exactly one iff the request did.
          const wins = successesById.get(r.requestId) ?? [];
          expect(wins.length).toBe(r.ok ? 1 : 0);
          if (r.ok) {
            expect(r.deploymentId).toBe(wins[0]);
            servedByResult.set(r.deploymentId!, (servedByResult.get(r.deploymentId!) ?? 0) + 1);
            servedByTransport.set(wins[0], (servedByTransport.get(wins[0]) ?? 0) + 1);
          }
          hedges += r.hedges;
        }
        expect(servedByResult).toEqual(servedByTransport);
        expect(sum(servedByResult.values())).toBe(run.results.filter((r) => r.ok).length);
        if (cfg.hedging !== false) expect(hedges).toBeLessThanOrEqual(Math.floor(cfg.hedging.maxHedgeRatio * run.routed.length + 1e-9));
      },
    );

  it('each request id exactly once, attempts match the transport, in-flight reported at the horizon (150 runs)', () => {
    fc.assert(check(), { numRuns: runs(150) });
  }, PROPERTY_TIMEOUT_MS);

  it.each(STRATEGY_NAMES)('same invariants with strategy %s (4 runs each)', (name) => {
    fc.assert(check([name]), { numRuns: runs(4) });
  }, PROPERTY_TIMEOUT_MS);
});
