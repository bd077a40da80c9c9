/**
 * Health: the router never sends an attempt to a deployment that a health source excludes
 * while it is not in panic mode, and panic mode is entered exactly when too few deployments
 * are healthy — and is then reported (the 'panic.changed' event, RoutingDecision.panic,
 * RouteResult.panic).
 *
 * Every decision is observed through the ExplainSink; at that moment the test asks the health
 * board itself (`router.health.excludedBy(id, atMs)`) which sources exclude each deployment.
 *
 * Deployments at their concurrency cap (router.concurrencyLimit) are removed after the health
 * partition, reported as 'concurrency-limit'.
 *
 * One subtlety: the circuit breaker's `tryAcquire` runs after the partition. A half-open
 * breaker that hands the picked deployment its last probe slot reports it excluded from then
 * on, so "excluded only by a half-open breaker" counts as healthy for the picked deployment.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROPERTY_TIMEOUT_MS, runs } from './runs.js';
import type { RoutingDecision } from '../../src/routing/explain.js';
import { requestStreamArb, scenarioArb } from './arbitraries.js';
import { createRouterRun, decisionsById, runToHorizon, scheduleRequests, type RouterRun } from './router-harness.js';

/** Checks one decision against the health board at the moment it is made; returns violations. */
function checkDecision(run: RouterRun, d: RoutingDecision, tokens: number): string[] {
  const board = run.router.health;
  const cfg = run.scenario.router;
  const out: string[] = [];
  const excludedBy = (id: string) => board.excludedBy(id, d.atMs, []);
  const probeHeld = (id: string) => {
    const by = excludedBy(id);
    return id === d.picked && by.length === 1 && by[0] === 'breaker' && board.breakers?.state(id, d.atMs) === 'half-open';
  };
  const isHealthy = (id: string) => excludedBy(id).length === 0 || probeHeld(id);

  // Panic exactly when fewer than panicThresholdPercent of all deployments are healthy.
  const total = run.deployments.length;
  const healthy = run.deployments.filter((x) => isHealthy(x.id)).length;
  const expectPanic = healthy * 100 < cfg.panicThresholdPercent * total;
  if (run.state.panic !== expectPanic) out.push(`panic state ${run.state.panic}, expected ${expectPanic} (${healthy}/${total} healthy)`);
  if (run.state.panic && !d.panic) out.push('decision made in panic mode does not say so');

  // Outside panic mode the strategy only ever sees healthy deployments, and one of them is picked.
  if (!run.state.panic) {
    for (const id of d.candidates) if (!isHealthy(id)) out.push(`candidate ${id} excluded by ${excludedBy(id).join('+')} outside panic`);
  }
  if (d.picked !== undefined && !isHealthy(d.picked) && !run.state.panic) {
    out.push(`picked ${d.picked} excluded by ${excludedBy(d.picked).join('+')} outside panic`);
  }

  // What was removed is reported with the sources that removed it, and never offered.
  for (const r of d.removed) {
    if (d.candidates.includes(r.id)) out.push(`${r.id} both removed and a candidate`);
    if (r.by[0] === 'context-window') continue;
    // At its concurrency cap (router.concurrencyLimit): a stage after the health partition, in panic or not.
    if (r.by[0] === 'concurrency-limit') {
      if (cfg.concurrencyLimit === false) out.push(`${r.id} removed by a concurrency limit that is off`);
      continue;
    }
    if (run.state.panic) out.push(`${r.id} removed by health in panic mode`);
    const now = excludedBy(r.id);
    if (JSON.stringify(now) !== JSON.stringify(r.by)) out.push(`${r.id} removed by ${r.by.join('+')}, board says ${now.join('+')}`);
  }

  // Context-window misfits are never offered while something fits.
  const fits = (id: string) => tokens <= run.deployments.find((x) => x.id === id)!.contextWindowTokens;
  if (run.deployments.some((x) => fits(x.id))) {
    for (const id of d.candidates) if (!fits(id)) out.push(`candidate ${id} cannot hold ${tokens} tokens`);
  }
  return out.map((m) => `request ${d.requestId} attempt ${d.attemptNo} (${d.reason}) at ${d.atMs}ms: ${m}`);
}

describe('health exclusion at the router', () => {
  it('no attempt to an excluded deployment outside panic; panic exactly below the threshold and reported (200 runs)', () => {
    fc.assert(
      fc.property(scenarioArb({ maxDurationS: 120 }), requestStreamArb({ maxRequests: 150, maxGapMs: 1_500 }), (scenario, requests) => {
        const run = createRouterRun(scenario);
        const tokensOf = new Map(requests.map((r) => [r.id, r.inputTokens + r.expectedOutputTokens]));
        const violations: string[] = [];
        run.explain.onDecision = (d) => violations.push(...checkDecision(run, d, tokensOf.get(d.requestId)!));
        scheduleRequests(run, requests);
        runToHorizon(run, requests[requests.length - 1].arrivalMs + 1);
        expect(violations.slice(0, 5)).toEqual([]);

        // panic.changed alternates, starting with true.
        const panics = run.events.flatMap((e) => (e.type === 'panic.changed' ? [e.panic] : []));
        panics.forEach((p, i) => expect(p).toBe(i % 2 === 0));
        // A request that was routed in panic at any point reports it.
        const decisions = decisionsById(run);
        for (const r of run.results) {
          const ds = decisions.get(r.requestId) ?? [];
          expect(r.panic).toBe(ds.some((d) => d.panic));
        }
      }),
      { numRuns: runs(200) },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('per deployment and source, health.changed events alternate (excluded, readmitted, …) in time order (200 runs)', () => {
    fc.assert(
      fc.property(scenarioArb({ maxDurationS: 120 }), requestStreamArb({ maxRequests: 150, maxGapMs: 1_500 }), (scenario, requests) => {
        const run = createRouterRun(scenario);
        scheduleRequests(run, requests);
        runToHorizon(run, requests[requests.length - 1].arrivalMs + 1);
        const last = new Map<string, { excluded: boolean; atMs: number }>();
        run.events.forEach((e, i) => {
          // An event never claims a time later than the moment it was emitted.
          expect(e.atMs).toBeLessThanOrEqual(run.eventEmittedAtMs[i]);
          if (e.type !== 'health.changed') return;
          const key = `${e.deploymentId} ${e.source}`;
          const prev = last.get(key) ?? { excluded: false, atMs: 0 };
          expect(e.excluded, key).toBe(!prev.excluded);
          expect(e.atMs, key).toBeGreaterThanOrEqual(prev.atMs);
          last.set(key, { excluded: e.excluded, atMs: e.atMs });
        });
      }),
      { numRuns: runs(200) },
    );
  }, PROPERTY_TIMEOUT_MS);
});
