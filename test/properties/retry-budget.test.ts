/**
 * Retry budget at the router. The budget (Envoy/Finagle style) is an ADMISSION check: a retry
 * is admitted only while concurrent retries < max(budgetMinRetries, ⌊budgetRatio × active
 * requests⌋). Once admitted it runs to its end even if other requests finish meanwhile, so the
 * literal "at every instant" reading can be exceeded by design (ratio 0.5, 4 active, 2 retries
 * admitted; 2 other requests succeed → limit 1, 2 retries still running). What must hold, and
 * is checked here over generated failing worlds:
 *
 * 1. at every admission, the retries held (including the new one) ≤ the limit computed from
 *    the requests active at that moment;
 * 2. the budget's view of active requests is the truth (routed − finished, as observed);
 * 3. at every moment, retry attempts in flight at the transport (decisions with reason
 *    'retry'/'failover') ≤ retries the budget holds — no retry runs unbudgeted;
 * 4. nothing leaks: at the end the budget holds no request and no retry.
 *
 * The budget object is observed by spying on RetryBudget's prototype (the router keeps it private).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RetryBudget } from '../../src/routing/resilience/retry-budget.js';
import { PROPERTY_TIMEOUT_MS, runs } from './runs.js';
import { requestStreamArb, scenarioArb } from './arbitraries.js';
import { createRouterRun, runToHorizon, scheduleRequests } from './router-harness.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('retry budget at the router', () => {
  it('admissions within max(min, ⌊ratio × active⌋); no unbudgeted retry in flight; no leaks (200 runs)', () => {
    const budgets: RetryBudget[] = [];
    const started = RetryBudget.prototype.requestStarted;
    vi.spyOn(RetryBudget.prototype, 'requestStarted').mockImplementation(function (this: RetryBudget) {
      if (!budgets.includes(this)) budgets.push(this);
      started.call(this);
    });
    let onGrant: (b: RetryBudget) => void = () => {};
    const acquire = RetryBudget.prototype.tryAcquireRetry;
    vi.spyOn(RetryBudget.prototype, 'tryAcquireRetry').mockImplementation(function (this: RetryBudget) {
      const ok = acquire.call(this);
      if (ok) onGrant(this);
      return ok;
    });

    fc.assert(
      fc.property(scenarioArb({ maxDurationS: 120 }), requestStreamArb({ maxRequests: 150, maxGapMs: 800 }), fc.integer({ min: 1, max: 100 }), (scenario, requests, horizonPercent) => {
        budgets.length = 0;
        const horizonMs = Math.max(1, Math.round(((requests[requests.length - 1].arrivalMs + 5_000) * horizonPercent) / 100));
        const { budgetRatio, budgetMinRetries } = scenario.router.retries;
        const run = createRouterRun(scenario);
        const problems: string[] = [];
        let grants = 0;
        const budget = () => budgets[0];
        const isRetry = (reason: string) => reason === 'retry' || reason === 'failover';
        const check = (where: string) => {
          const b = budget();
          if (b === undefined) return;
          const unfinished = run.routed.length - run.results.length;
          if (b.activeRequests !== unfinished) problems.push(`${where} at ${run.scheduler.now()}ms: budget counts ${b.activeRequests} active requests, ${unfinished} are`);
          const live = run.transport.liveCount((a) => isRetry(a.reason));
          if (live > b.activeRetries) problems.push(`${where} at ${run.scheduler.now()}ms: ${live} retries in flight, budget holds ${b.activeRetries}`);
        };
        onGrant = (b) => {
          grants++;
          const limit = Math.max(budgetMinRetries, Math.floor(budgetRatio * b.activeRequests + 1e-9));
          if (b.activeRetries > limit) problems.push(`admission at ${run.scheduler.now()}ms: ${b.activeRetries} retries > limit ${limit} (${b.activeRequests} active)`);
        };
        run.transport.onChange = () => check('transport');
        run.explain.onDecision = () => check('decision');
        scheduleRequests(run, requests, horizonMs);
        runToHorizon(run, horizonMs);

        expect(problems.slice(0, 5)).toEqual([]);
        // The budget is first seen when a request starts (no request before the horizon: nothing to check).
        expect(budgets.length).toBe(run.routed.length > 0 ? 1 : 0);
        if (budgets.length === 0) return;
        expect(budget()).toBeInstanceOf(RetryBudget);
        expect(budget().activeRequests).toBe(0);
        expect(budget().activeRetries).toBe(0);
        // Every retry a request counts was admitted by the budget (some admitted ones end at once, past the deadline).
        expect(run.results.reduce((s, r) => s + r.retries, 0)).toBeLessThanOrEqual(grants);
        expect(budget().retriesGranted).toBe(grants);
      }),
      { numRuns: runs(200) },
    );
  }, PROPERTY_TIMEOUT_MS);
});
