/**
 * Cost routing through the router: for every first attempt the test recomputes, from the
 * deployments' CURRENT prices (price changes apply mid-run), which deployments are eligible
 * (fit the context window when any does; all are healthy here), which of those qualify
 * (quality tier ≥ the request's) and which fit the request's budget, and checks the pick:
 *
 * - a qualifying deployment fits the budget ⇒ the pick qualifies, fits the budget and is the
 *   cheapest such (ties to the earliest deployment);
 * - 'keep-quality' (default) never picks below the requested tier when one of that tier or
 *   above is available; 'downgrade' may, but only to the highest tier that fits the budget.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROPERTY_TIMEOUT_MS, runs } from './runs.js';
import { scenarioSchema } from '../../src/config/scenario-schema.js';
import { QUALITY_RANK, type Deployment, type RouteRequest } from '../../src/routing/types.js';
import { healthBlocksArb, pricedProvidersArb, requestStreamArb } from './arbitraries.js';
import { createRouterRun, runToHorizon, scheduleRequests, steadyTransport } from './router-harness.js';

/** Same formula and operation order as the strategy's estimate, so ties compare bit-for-bit. */
const costUsd = (d: Deployment, req: RouteRequest) =>
  ((req.inputTokens * d.inputUsdPerMTok) / 1e6 + (req.expectedOutputTokens * d.outputUsdPerMTok) / 1e6) * d.costMultiplier;

/** First deployment with the lowest cost among `pool` (deployment order), or undefined. */
const cheapest = (pool: readonly Deployment[], req: RouteRequest) =>
  pool.reduce<Deployment | undefined>((best, d) => (best === undefined || costUsd(d, req) < costUsd(best, req) ? d : best), undefined);

/** What the cost strategy must pick, computed from first principles. */
function expectedPick(deployments: readonly Deployment[], req: RouteRequest, mode: 'keep-quality' | 'downgrade'): Deployment | undefined {
  const tokens = req.inputTokens + req.expectedOutputTokens;
  const fitting = deployments.filter((d) => tokens <= d.contextWindowTokens);
  const eligible = fitting.length > 0 ? fitting : deployments;
  const budgetUsd = req.budgetUsd ?? Infinity;
  const qualifies = (d: Deployment) => QUALITY_RANK[d.qualityTier] >= QUALITY_RANK[req.qualityTier];
  const inBudget = (d: Deployment) => costUsd(d, req) <= budgetUsd;
  const qualifyingInBudget = eligible.filter((d) => qualifies(d) && inBudget(d));
  if (qualifyingInBudget.length > 0) return cheapest(qualifyingInBudget, req);
  if (mode === 'downgrade') {
    const affordable = eligible.filter(inBudget);
    if (affordable.length > 0) {
      const topRank = Math.max(...affordable.map((d) => QUALITY_RANK[d.qualityTier]));
      return cheapest(affordable.filter((d) => QUALITY_RANK[d.qualityTier] === topRank), req);
    }
  }
  const qualifying = eligible.filter(qualifies);
  return cheapest(qualifying.length > 0 ? qualifying : eligible, req);
}

describe('cost strategy through the router', () => {
  it('within budget and at the requested tier whenever possible; cheapest such (200 runs)', () => {
    fc.assert(
      fc.property(
        pricedProvidersArb,
        fc.constantFrom('keep-quality' as const, 'downgrade' as const),
        healthBlocksArb,
        requestStreamArb({ maxRequests: 120, maxGapMs: 1_000 }),
        (providers, overBudget, health, requests) => {
          const scenario = scenarioSchema.parse({
            name: 'priced', durationS: 3_600, traffic: { arrivals: { kind: 'poisson', ratePerS: 1 } }, providers,
            router: { strategy: 'cost', params: { overBudget }, ...health },
          });
          const run = createRouterRun(scenario, { transport: (s) => steadyTransport(s, 50) });
          const byId = new Map(requests.map((r) => [r.id, r]));
          const problems: string[] = [];
          run.explain.onDecision = (d) => {
            if (d.reason !== 'first') return;
            const req = byId.get(d.requestId)!;
            const want = expectedPick(run.deployments, req, overBudget);
            if (d.picked !== want?.id) problems.push(`request ${req.id} at ${d.atMs}ms: picked ${d.picked}, expected ${want?.id}`);
            // The two headline guarantees, stated on their own.
            const picked = run.deployments.find((x) => x.id === d.picked)!;
            const tokens = req.inputTokens + req.expectedOutputTokens;
            const fits = run.deployments.filter((x) => tokens <= x.contextWindowTokens);
            const eligible = (fits.length > 0 ? fits : run.deployments).filter((x) => QUALITY_RANK[x.qualityTier] >= QUALITY_RANK[req.qualityTier]);
            if (eligible.some((x) => costUsd(x, req) <= (req.budgetUsd ?? Infinity)) && costUsd(picked, req) > (req.budgetUsd ?? Infinity)) {
              problems.push(`request ${req.id}: over budget although an eligible deployment fits`);
            }
            if (overBudget === 'keep-quality' && eligible.length > 0 && QUALITY_RANK[picked.qualityTier] < QUALITY_RANK[req.qualityTier]) {
              problems.push(`request ${req.id}: below tier ${req.qualityTier} although one is available`);
            }
          };
          scheduleRequests(run, requests);
          runToHorizon(run, requests[requests.length - 1].arrivalMs + 1_000);
          expect(problems.slice(0, 5)).toEqual([]);
          expect(run.results.every((r) => r.ok)).toBe(true);
        },
      ),
      { numRuns: runs(200) },
    );
  }, PROPERTY_TIMEOUT_MS);
});
