/**
 * `retries.sameDeployment: true` is documented as "retry on the same deployment" (false =
 * "always fail over to another one first"). So with no fallback chain, a retry after a failure
 * on D must go back to D whenever D is still routable (no health source excludes it, it fits
 * the context window, and the router is not in panic mode).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioSchema } from '../../src/config/scenario-schema.js';
import { PROPERTY_TIMEOUT_MS, runs } from './runs.js';
import { requestStreamArb, scenarioArb } from './arbitraries.js';
import { createRouterRun, runToHorizon, scheduleRequests } from './router-harness.js';

describe('retries.sameDeployment', () => {
  /*
   * Regression: this property found a real bug (fixed). The router preferred the failed
   * deployment, but partition had already dropped every tried deployment while an untried
   * one existed, so `sameDeployment: true` never changed the target. Counterexample: p0, p1
   * round-robin; p0's first attempt fails with a 5xx; the retry went to p1 (seed 1927095799).
   */
  it('a retry returns to the failed deployment while it is still routable (150 runs)', () => {
    fc.assert(
      fc.property(scenarioArb({ maxDurationS: 120 }), requestStreamArb({ maxRequests: 120, maxGapMs: 1_500 }), (generated, requests) => {
        const scenario = scenarioSchema.parse({
          ...generated,
          router: { ...generated.router, retries: { ...generated.router.retries, sameDeployment: true }, fallbacks: {} },
        });
        const run = createRouterRun(scenario);
        const lastFailedOn = new Map<number, string>();
        const problems: string[] = [];
        const tokensOf = new Map(requests.map((r) => [r.id, r.inputTokens + r.expectedOutputTokens]));
        const origAttempt = run.explain.attempt.bind(run.explain);
        run.explain.attempt = (a) => {
          if (a.kind !== 'success') lastFailedOn.set(a.requestId, a.deploymentId);
          origAttempt(a);
        };
        run.explain.onDecision = (d) => {
          if (d.reason !== 'retry' || run.state.panic) return;
          const failed = lastFailedOn.get(d.requestId)!;
          const dep = run.deployments.find((x) => x.id === failed)!;
          const fitsSomewhere = run.deployments.some((x) => tokensOf.get(d.requestId)! <= x.contextWindowTokens);
          // At its concurrency cap (router.concurrencyLimit) a deployment is not routable for now.
          const atCap = d.removed.some((r) => r.id === failed && r.by[0] === 'concurrency-limit');
          const routable = !atCap && !run.router.health.isExcluded(failed, d.atMs) && (!fitsSomewhere || tokensOf.get(d.requestId)! <= dep.contextWindowTokens);
          if (routable && d.picked !== failed) problems.push(`request ${d.requestId} at ${d.atMs}ms: failed on ${failed} (still routable), retried on ${d.picked}`);
        };
        scheduleRequests(run, requests);
        runToHorizon(run, requests[requests.length - 1].arrivalMs + 1);
        expect(problems.slice(0, 3)).toEqual([]);
      }),
      { numRuns: runs(150) },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('smallest case: p0 fails once with a 5xx, the retry should go back to p0 (deterministic)', () => {
    const scenario = scenarioSchema.parse({
      name: 'same-deployment',
      durationS: 10,
      traffic: { arrivals: { kind: 'poisson', ratePerS: 1 } },
      providers: [
        { id: 'p0', models: [{ id: 'm0' }], latency: { ttftMs: 10, msPerOutputToken: 0 } },
        { id: 'p1', models: [{ id: 'm0' }], latency: { ttftMs: 10, msPerOutputToken: 0 } },
      ],
      router: { strategy: 'round-robin', retries: { maxRetries: 1, baseBackoffMs: 0, maxBackoffMs: 0, sameDeployment: true } },
    });
    let sends = 0;
    const run = createRouterRun(scenario, {
      transport: (s) => ({
        send: (_d, req, _no, onDone, token) =>
          s.schedule(10, () =>
            onDone({ kind: sends++ === 0 ? 'server-error' : 'success', latencyMs: 10, inputTokens: req.inputTokens, outputTokens: 0, costUsd: 0 }, token),
          ),
        probe: (_d, onDone) => s.schedule(1, () => onDone(true)),
      }),
    });
    scheduleRequests(run, [{ id: 0, arrivalMs: 0, inputTokens: 10, expectedOutputTokens: 10, qualityTier: 'medium' }]);
    runToHorizon(run, 1_000);
    expect(run.transport.attempts.map((a) => a.deploymentId)).toEqual(['p0/m0', 'p0/m0']);
  });
});
