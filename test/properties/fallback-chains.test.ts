/**
 * Fallback chains through the router: with random ACYCLIC chains over failing providers,
 * every request terminates, a fallback hop goes exactly where the chains say (first untried
 * entry of the error class's chain, then 'default'), and a deployment is revisited only when
 * every candidate was already tried. Random CYCLIC chains are rejected: by buildFallbackPlan,
 * by the Router, and by the scenario loader (with the cycle it found being a real one).
 * (The plan alone, over random graphs, is tested in src/routing/resilience/fallback-plan.test.ts.)
 */
import fc from 'fast-check';
import { StatusRules } from '../../src/routing/policies/status-rules.js';
import { describe, expect, it } from 'vitest';
import { PROPERTY_TIMEOUT_MS, runs } from './runs.js';
import { parseScenarioText } from '../../src/config/load-scenario.js';
import type { FallbacksConfig } from '../../src/config/router-schema.js';
import { ScenarioError } from '../../src/config/scenario-error.js';
import { scenarioSchema } from '../../src/config/scenario-schema.js';
import { buildFallbackPlan, FallbackConfigError } from '../../src/routing/resilience/fallback-plan.js';
import { errorClassOf, type AttemptOutcomeKind, type ErrorClass } from '../../src/routing/types.js';
import { runScenario } from '../../src/sim/run-scenario.js';
import { buildDeployments } from '../../src/sim/world/build-deployments.js';
import { cyclicFallbacksArb, providersArb, requestStreamArb, scenarioArb } from './arbitraries.js';
import { createRouterRun, decisionsById, maxRetriesOf, runToHorizon, scheduleRequests } from './router-harness.js';

const MAP_OF: Readonly<Record<ErrorClass, keyof FallbacksConfig>> = {
  'rate-limited': 'rateLimited',
  'context-window': 'contextWindow',
  'provider-error': 'providerError',
};

/** Where the chains send a request that failed on `fromId` with `kind`, given what it tried (and statusRules.fallbackOn). */
function expectedFallback(cfg: FallbacksConfig, fromId: string, kind: AttemptOutcomeKind, tried: ReadonlySet<string>, rules?: StatusRules): string | undefined {
  const cls = errorClassOf(kind);
  if (cls === undefined) return undefined;
  if (rules !== undefined && !rules.fallsBack({ kind, latencyMs: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 })) return undefined;
  for (const map of [MAP_OF[cls], 'default'] as const) {
    for (const id of cfg[map][fromId] ?? []) if (id !== fromId && !tried.has(id)) return id;
  }
  return undefined;
}

describe('fallback chains at the router', () => {
  it('hops follow the chains, revisits only when all were tried, every request ends (200 runs)', () => {
    fc.assert(
      fc.property(scenarioArb({ maxDurationS: 120 }), requestStreamArb({ maxRequests: 120, maxGapMs: 1_500 }), (scenario, requests) => {
        const cfg = scenario.router.fallbacks;
        const run = createRouterRun(scenario);
        const problems: string[] = [];
        const tried = new Map<number, Set<string>>();
        const lastFailure = new Map<number, { id: string; kind: AttemptOutcomeKind }>();
        run.explain.onDecision = (d) => {
          const seen = tried.get(d.requestId) ?? new Set<string>();
          const where = `request ${d.requestId} attempt ${d.attemptNo} (${d.reason}, via ${d.via}) at ${d.atMs}ms`;
          if (d.reason === 'retry' || d.reason === 'failover') {
            const failed = lastFailure.get(d.requestId)!;
            const want = expectedFallback(cfg, failed.id, failed.kind, seen, scenario.router.statusRules === false ? undefined : new StatusRules(scenario.router.statusRules));
            if ((d.reason === 'failover') !== (want !== undefined)) problems.push(`${where}: chains say ${want ?? 'no fallback'} after ${failed.kind} on ${failed.id}`);
            // The router prefers the chain's target, else (sameDeployment) the one that failed.
            const preferred = want ?? (scenario.router.retries.sameDeployment ? failed.id : undefined);
            // 'fallback' labels a pick made by a fallback chain; a decision that picked nothing may
            // still say 'fallback' (its target was refused by the breaker).
            if (d.via === 'fallback' && d.picked !== undefined && d.picked !== preferred) problems.push(`${where}: fallback picked ${d.picked}, chain says ${preferred}`);
            // The preferred target is passed over only when its breaker refuses it.
            if (preferred !== undefined && d.candidates.includes(preferred) && d.picked !== preferred && !run.router.health.breakers?.isExcluded(preferred, d.atMs)) {
              problems.push(`${where}: preferred ${preferred} was a candidate but ${d.picked} was picked`);
            }
          } else if (d.via === 'fallback') problems.push(`${where}: a ${d.reason} attempt cannot come from a fallback chain`);
          // A deliberate same-deployment retry returns to the failed deployment by design.
          const sameRetry = d.reason === 'retry' && scenario.router.retries.sameDeployment && d.picked === lastFailure.get(d.requestId)?.id;
          if (d.picked !== undefined && seen.has(d.picked) && !sameRetry) {
            if (d.candidates.some((c) => !seen.has(c))) problems.push(`${where}: revisited ${d.picked} while ${d.candidates.filter((c) => !seen.has(c)).join(',')} untried`);
          }
          if (d.picked !== undefined) seen.add(d.picked);
          tried.set(d.requestId, seen);
        };
        scheduleRequests(run, requests);
        // Record each request's latest failure as it happens (read by the next retry decision).
        const origAttempt = run.explain.attempt.bind(run.explain);
        run.explain.attempt = (a) => {
          if (a.kind !== 'success') lastFailure.set(a.requestId, { id: a.deploymentId, kind: a.kind });
          origAttempt(a);
        };
        runToHorizon(run, requests[requests.length - 1].arrivalMs + scenario.router.timeouts.deadlineMs + 1);
        expect(problems.slice(0, 5)).toEqual([]);

        // Termination, and nothing beyond what retries and hedges allow.
        expect(run.results.length).toBe(requests.length);
        expect(run.results.filter((r) => r.failureReason === 'in-flight-at-horizon')).toEqual([]);
        const decisions = decisionsById(run);
        const rules = scenario.router.statusRules === false ? undefined : new StatusRules(scenario.router.statusRules);
        for (const r of run.results) {
          expect(r.retries).toBeLessThanOrEqual(maxRetriesOf(scenario.router));
          expect(r.failovers).toBeLessThanOrEqual(r.retries);
          const sent = (decisions.get(r.requestId) ?? []).filter((d) => d.picked !== undefined).length;
          expect(sent).toBe(r.attempts);
          expect(sent).toBeLessThanOrEqual(1 + r.retries + r.hedges);
          // Non-retryable: a context-window misfit with nowhere to go, or an outcome statusRules.retryOn does not name.
          if (r.failureReason === 'non-retryable' && r.lastErrorKind !== 'context-exceeded') {
            expect(rules, `non-retryable after ${r.lastErrorKind} without status rules`).toBeDefined();
            expect(rules!.retries({ kind: r.lastErrorKind!, latencyMs: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 })).toBe(false);
          }
        }
      }),
      { numRuns: runs(200) },
    );
  }, PROPERTY_TIMEOUT_MS);
});

describe('cyclic fallback chains are rejected', () => {
  /** Providers plus a config holding a generated cycle. */
  const cyclicArb = providersArb(4).chain((providers) => {
    const scenario = scenarioSchema.parse({ name: 'cyclic', durationS: 10, traffic: { arrivals: { kind: 'poisson', ratePerS: 1 } }, providers });
    return fc.tuple(fc.constant(scenario), cyclicFallbacksArb(buildDeployments(scenario)));
  });

  /** Expanded edges (deployment → deployment) over the union of the four maps. */
  function edgesOf(cfg: FallbacksConfig, deployments: readonly { id: string; providerId: string }[]): Set<string> {
    const edges = new Set<string>();
    for (const map of Object.values(cfg)) {
      for (const [from, targets] of Object.entries(map)) {
        for (const t of targets) {
          const tos = deployments.some((d) => d.id === t) ? [t] : deployments.filter((d) => d.providerId === t).map((d) => d.id);
          for (const to of tos) if (to !== from || tos.length === 1) edges.add(`${from} ${to}`);
        }
      }
    }
    return edges;
  }

  it('buildFallbackPlan, the Router (via runScenario) and the loader all refuse a cycle, naming a real one (200 runs)', () => {
    fc.assert(
      fc.property(cyclicArb, ([base, { cfg }]) => {
        const deployments = buildDeployments(base);
        let error: unknown;
        try {
          buildFallbackPlan(cfg, deployments);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(FallbackConfigError);
        const named = (error as Error).message.split('fallback cycle: ')[1].split(' → ');
        expect(named[0]).toBe(named[named.length - 1]);
        const edges = edgesOf(cfg, deployments);
        for (let i = 0; i + 1 < named.length; i++) expect(edges.has(`${named[i]} ${named[i + 1]}`), `${named[i]} → ${named[i + 1]}`).toBe(true);

        const scenario = { ...base, router: { ...base.router, fallbacks: cfg } };
        expect(() => runScenario(scenario)).toThrow(FallbackConfigError);
        const { $schema: _omit, ...plain } = scenario;
        expect(() => parseScenarioText(JSON.stringify(plain), 'cyclic.json')).toThrow(ScenarioError);
      }),
      { numRuns: runs(200) },
    );
  }, PROPERTY_TIMEOUT_MS);
});
