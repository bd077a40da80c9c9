/**
 * Time at the router: simulated time never goes backwards and nothing happens before its
 * time. (The scheduler-level property — random schedules on SimScheduler — lives in
 * src/sim/event-queue.test.ts; this one watches what the router reports.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROPERTY_TIMEOUT_MS, runs } from './runs.js';
import type { RoutingDecision } from '../../src/routing/explain.js';
import { requestStreamArb, scenarioArb } from './arbitraries.js';
import { createRouterRun, runToHorizon, scheduleRequests } from './router-harness.js';

describe('time order at the router', () => {
  it('decisions are time-ordered; every attempt ends at or after its decision, on the deployment picked (200 runs)', () => {
    fc.assert(
      fc.property(
        scenarioArb({ maxDurationS: 120 }),
        requestStreamArb({ maxRequests: 150, maxGapMs: 1_500 }),
        fc.integer({ min: 1, max: 100 }),
        (scenario, requests, horizonPercent) => {
          const horizonMs = Math.max(1, Math.round(((requests[requests.length - 1].arrivalMs + 5_000) * horizonPercent) / 100));
          const run = createRouterRun(scenario);
          const clockSeen: number[] = [];
          run.explain.onDecision = (d) => clockSeen.push(d.atMs, run.scheduler.now());
          scheduleRequests(run, requests, horizonMs);
          runToHorizon(run, horizonMs);

          // Decisions: non-decreasing atMs in call order, each stamped with the current time.
          const { decisions, attemptRecords } = run.explain;
          for (let i = 1; i < decisions.length; i++) expect(decisions[i].atMs).toBeGreaterThanOrEqual(decisions[i - 1].atMs);
          for (let i = 0; i < clockSeen.length; i += 2) expect(clockSeen[i]).toBe(clockSeen[i + 1]);
          for (const d of decisions) {
            const req = requests.find((r) => r.id === d.requestId)!;
            expect(d.atMs).toBeGreaterThanOrEqual(req.arrivalMs);
          }

          // The decision that sent each attempt: the last one for (request, attemptNo) that picked something.
          const sentBy = new Map<string, RoutingDecision>();
          for (const d of decisions) if (d.picked !== undefined) sentBy.set(`${d.requestId}#${d.attemptNo}`, d);
          for (let i = 0; i < attemptRecords.length; i++) {
            const a = attemptRecords[i];
            if (i > 0) expect(a.atMs).toBeGreaterThanOrEqual(attemptRecords[i - 1].atMs);
            const d = sentBy.get(`${a.requestId}#${a.attemptNo}`);
            expect(d, `attempt ${a.requestId}#${a.attemptNo} without a decision`).toBeDefined();
            expect(a.atMs).toBeGreaterThanOrEqual(d!.atMs);
            expect(a.deploymentId).toBe(d!.picked);
            expect(a.latencyMs).toBeGreaterThanOrEqual(0);
          }
          // The transport saw each send at its decision's time, and its end no earlier.
          for (const t of run.transport.attempts) {
            const d = sentBy.get(`${t.requestId}#${t.attemptNo}`)!;
            expect(t.sentAtMs).toBe(d.atMs);
            expect(t.deploymentId).toBe(d.picked);
            expect(t.endedAtMs!).toBeGreaterThanOrEqual(t.sentAtMs);
          }
          // Results come out in time order, never before the request arrived or its last attempt ended.
          const lastAttemptAt = new Map<number, number>();
          for (const a of attemptRecords) lastAttemptAt.set(a.requestId, a.atMs);
          run.results.forEach((r, i) => {
            const atMs = run.resultAtMs[i];
            if (i > 0) expect(atMs).toBeGreaterThanOrEqual(run.resultAtMs[i - 1]);
            expect(atMs).toBeGreaterThanOrEqual(requests.find((q) => q.id === r.requestId)!.arrivalMs);
            expect(atMs).toBeGreaterThanOrEqual(lastAttemptAt.get(r.requestId) ?? -Infinity);
          });
        },
      ),
      { numRuns: runs(200) },
    );
  }, PROPERTY_TIMEOUT_MS);
});
