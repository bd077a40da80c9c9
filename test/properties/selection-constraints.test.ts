/**
 * Selection constraints through the real Router, on random fleets of prices and random
 * requests: every attempt goes to a deployment within the price ceilings, and with
 * `sort: price` every first attempt goes to one of the cheapest such deployments for that
 * request; when no deployment is within the ceilings the request ends 'constraints-unmet'
 * without an attempt.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cancel } from '../../src/core/ports.js';
import { createRng } from '../../src/core/rng.js';
import { nativeRouterSchema } from '../../src/config/router-schema.js';
import type { RoutingDecision } from '../../src/routing/explain.js';
import { Router } from '../../src/routing/router.js';
import { createStrategy } from '../../src/routing/strategies/registry.js';
import type { AttemptDone, Deployment, RouteRequest, RouteResult, Transport } from '../../src/routing/types.js';
import { SimScheduler } from '../../src/sim/sim-scheduler.js';
import { PROPERTY_TIMEOUT_MS, runs } from './runs.js';

/** The strategies' cost estimate, same operation order (ties compare bit for bit). */
const priceOf = (d: Deployment, req: RouteRequest) => ((req.inputTokens * d.inputUsdPerMTok) / 1e6 + (req.expectedOutputTokens * d.outputUsdPerMTok) / 1e6) * d.costMultiplier;

const fleetArb = fc.array(
  fc.record({ inputUsdPerMTok: fc.integer({ min: 0, max: 20 }), outputUsdPerMTok: fc.integer({ min: 0, max: 40 }), costMultiplier: fc.constantFrom(0.5, 1, 2), fails: fc.boolean() }),
  { minLength: 1, maxLength: 6 },
);
const requestsArb = fc.array(fc.record({ inputTokens: fc.integer({ min: 0, max: 5_000 }), expectedOutputTokens: fc.integer({ min: 0, max: 2_000 }) }), { minLength: 1, maxLength: 40 });

describe('selection constraints through the router', () => {
  it('every attempt within the ceilings; sort: price sends first attempts to a cheapest one; nothing within them: constraints-unmet (300 runs)', () => {
    fc.assert(
      fc.property(fleetArb, requestsArb, fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 40 }), fc.double({ min: 0.001, max: 0.1, noNaN: true }), (fleet, reqs, maxIn, maxOut, maxUsd) => {
        const deployments: Deployment[] = fleet.map((f, i) => ({
          id: `p${i}/m`, providerId: `p${i}`, modelId: 'm', weight: 1, priority: 0, qualityTier: 'medium', performanceBonus: 0, contextWindowTokens: 100_000, capabilities: [],
          inputUsdPerMTok: f.inputUsdPerMTok, outputUsdPerMTok: f.outputUsdPerMTok, costMultiplier: f.costMultiplier,
        }));
        const s = new SimScheduler();
        const transport: Transport = {
          send<T>(d: Deployment, req: RouteRequest, _no: number, onDone: AttemptDone<T>, token: T): Cancel {
            const fails = fleet[deployments.indexOf(d)].fails;
            return s.schedule(10, () => onDone({ kind: fails ? 'server-error' : 'success', latencyMs: 10, inputTokens: req.inputTokens, outputTokens: 1, costUsd: 0 }, token));
          },
          probe: (_d, onDone) => s.schedule(1, () => onDone(true)),
        };
        const config = nativeRouterSchema.parse({ strategy: 'random', selection: { maxInputUsdPerMTok: maxIn, maxOutputUsdPerMTok: maxOut, maxPriceUsdPerRequest: maxUsd, sort: 'price' } });
        const decisions: RoutingDecision[] = [];
        const results: RouteResult[] = [];
        const router = new Router({
          scheduler: s, rng: createRng('selection'), deployments, config, transport, strategy: createStrategy('random', {}, { deployments }),
          explain: { wants: () => true, decision: (d) => decisions.push(d), attempt: () => {}, finished: (r) => results.push(r) },
        });
        const requests: RouteRequest[] = reqs.map((r, id) => ({ id, arrivalMs: id * 100, qualityTier: 'medium', ...r }));
        for (const req of requests) s.schedule(req.arrivalMs, () => router.route(req, () => {}));
        s.run(1e7);
        for (const req of requests) {
          const within = deployments.filter((d) => d.inputUsdPerMTok * d.costMultiplier <= maxIn && d.outputUsdPerMTok * d.costMultiplier <= maxOut && priceOf(d, req) <= maxUsd);
          const picks = decisions.filter((d) => d.requestId === req.id && d.picked !== undefined);
          for (const p of picks) expect(within.map((d) => d.id)).toContain(p.picked);
          const result = results.find((r) => r.requestId === req.id)!;
          if (within.length === 0) {
            expect(result.failureReason).toBe('constraints-unmet');
            expect(result.attempts).toBe(0);
            continue;
          }
          const cheapest = Math.min(...within.map((d) => priceOf(d, req)));
          const first = picks.find((p) => p.attemptNo === 0)!;
          expect(priceOf(deployments.find((d) => d.id === first.picked)!, req)).toBe(cheapest);
        }
      }),
      { numRuns: runs(300) },
    );
  }, PROPERTY_TIMEOUT_MS);
});
