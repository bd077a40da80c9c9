/**
 * The router tells strategies (PickContext.untriedFirst) that its candidates hold no tried
 * deployment unless every one was tried, so `untriedOrAll` skips its scan of every candidate
 * (O(N) per retry). That promise, checked on every pick of random scenarios with retries,
 * hedges, fallbacks, health sources and admission policies: whenever it is made, asking
 * `tried` about each candidate would have removed nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../../src/routing/types.js';
import { PROPERTY_TIMEOUT_MS, runs } from './runs.js';
import { requestStreamArb, scenarioArb } from './arbitraries.js';
import { createRouterRun, runToHorizon, scheduleRequests } from './router-harness.js';

/** Passes picks through, recording any that break the promise, and counts picks with something tried. */
function checking(inner: Strategy, problems: string[], seen: { withTried: number }): Strategy {
  const check = (req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext) => {
    if (ctx.tried.size === 0) return;
    seen.withTried++;
    if (ctx.untriedFirst !== true) return;
    const tried = candidates.filter((c) => ctx.tried.has(c.deployment.id)).length;
    if (tried > 0 && tried < candidates.length) problems.push(`request ${req.id} attempt ${ctx.attempt}: ${tried} of ${candidates.length} candidates tried, untriedFirst set`);
  };
  return Object.assign(Object.create(inner) as Strategy, {
    pick: (req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext) => {
      check(req, candidates, ctx);
      return inner.pick(req, candidates, ctx);
    },
  });
}

describe('untried-first pools', () => {
  it('when the router says its candidates put untried ones first, no candidate is tried unless all are (200 runs)', () => {
    let withTried = 0;
    fc.assert(
      fc.property(scenarioArb({ maxDurationS: 120 }), requestStreamArb({ maxRequests: 120, maxGapMs: 1_500 }), (scenario, requests) => {
        const problems: string[] = [];
        const seen = { withTried: 0 };
        const run = createRouterRun(scenario, { wrapStrategy: (s) => checking(s, problems, seen) });
        scheduleRequests(run, requests);
        runToHorizon(run, requests[requests.length - 1].arrivalMs + 1);
        withTried += seen.withTried;
        expect(problems.slice(0, 3)).toEqual([]);
      }),
      { numRuns: runs(200) },
    );
    expect(withTried).toBeGreaterThan(100); // retries and failovers happened: the property was exercised
  }, PROPERTY_TIMEOUT_MS);
});
