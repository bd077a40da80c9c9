/**
 * Budgets and per-tenant limits through the real Router, on random traffic and random
 * attempt fates (latency, success, bill), against the policies' stated guarantees:
 *
 * - a deployment budget: nothing is sent under it from the moment it ran out to the end of its
 *   window, and the window's spend is at most the limit plus the bills of the attempts in
 *   flight when it ran out (the crossing one included);
 * - a tenant limit holds over every window: requests and input tokens admitted never exceed
 *   their limits; no request is admitted once the window's output tokens or dollars reached
 *   theirs (a reference model replays the router's own sequence of admissions, answers and
 *   bills).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cancel } from '../../src/core/ports.js';
import { createRng } from '../../src/core/rng.js';
import { nativeRouterSchema } from '../../src/config/router-schema.js';
import type { RouterEvent } from '../../src/routing/events.js';
import { Router } from '../../src/routing/router.js';
import { createStrategy } from '../../src/routing/strategies/registry.js';
import type { AttemptDone, Deployment, RouteRequest, RouteResult, Transport } from '../../src/routing/types.js';
import { SimScheduler } from '../../src/sim/sim-scheduler.js';
import { PROPERTY_TIMEOUT_MS, runs } from './runs.js';

const WINDOW_MS = 60_000;
const deployments: Deployment[] = ['a', 'b', 'c'].map((p, i) => ({
  id: `${p}/m`, providerId: p, modelId: 'm', weight: 1, priority: i, qualityTier: 'medium',
  inputUsdPerMTok: 1, outputUsdPerMTok: 2, costMultiplier: 1, performanceBonus: 0,
  contextWindowTokens: 100_000, capabilities: [],
}));

interface Fate { latencyMs: number; ok: boolean; costUsd: number; outputTokens: number }
const fateArb = fc.record({
  latencyMs: fc.integer({ min: 1, max: 30_000 }),
  ok: fc.boolean(),
  costUsd: fc.double({ min: 0, max: 0.5, noNaN: true }),
  outputTokens: fc.integer({ min: 0, max: 2_000 }),
});
const requestsArb = fc.array(
  fc.record({ gapMs: fc.integer({ min: 0, max: 5_000 }), tenant: fc.constantFrom('t1', 't2', undefined), inputTokens: fc.integer({ min: 0, max: 3_000 }) }),
  { minLength: 1, maxLength: 150 },
);

/** Everything the run did, in the order it happened. */
type LogEntry =
  | { type: 'admitted'; req: RouteRequest; atMs: number }
  | { type: 'refused'; req: RouteRequest; reason: string; atMs: number }
  | { type: 'sent'; id: string; atMs: number; no: number }
  | { type: 'billed'; id: string; req: RouteRequest; costUsd: number; atMs: number; sentAtMs: number }
  | { type: 'ended'; req: RouteRequest; r: RouteResult; atMs: number }
  | { type: 'exhausted'; budget: string; atMs: number; windowStartMs: number };

function runPolicies(routerConfig: Record<string, unknown>, fates: Fate[], reqs: { gapMs: number; tenant?: string; inputTokens: number }[]): LogEntry[] {
  const s = new SimScheduler();
  const log: LogEntry[] = [];
  let n = 0;
  const transport: Transport = {
    send<T>(d: Deployment, req: RouteRequest, _no: number, onDone: AttemptDone<T>, token: T): Cancel {
      const f = fates[n++ % fates.length];
      const sentAtMs = s.now();
      log.push({ type: 'sent', id: d.id, atMs: sentAtMs, no: n });
      return s.schedule(f.latencyMs, () => {
        log.push({ type: 'billed', id: d.id, req, costUsd: f.costUsd, atMs: s.now(), sentAtMs });
        onDone({ kind: f.ok ? 'success' : 'server-error', latencyMs: f.latencyMs, inputTokens: req.inputTokens, outputTokens: f.ok ? f.outputTokens : 0, costUsd: f.costUsd }, token);
      });
    },
    probe: (_d, onDone) => s.schedule(1, () => onDone(true)),
  };
  const config = nativeRouterSchema.parse({ strategy: 'priority', retries: { maxRetries: 2, baseBackoffMs: 10, budgetRatio: 1 }, timeouts: { attemptMs: 100_000, deadlineMs: 200_000 }, ...routerConfig });
  const sink = (e: RouterEvent) => {
    if (e.type === 'budget.exhausted') log.push({ type: 'exhausted', budget: e.budget, atMs: e.atMs, windowStartMs: e.windowStartMs });
  };
  const router = new Router({ scheduler: s, rng: createRng('budget-props'), deployments, config, transport, sink, strategy: createStrategy('priority', {}, { deployments }) });
  let atMs = 0;
  reqs.forEach((r, id) => {
    atMs += r.gapMs;
    s.schedule(atMs, () => {
      const req: RouteRequest = { id, arrivalMs: s.now(), inputTokens: r.inputTokens, expectedOutputTokens: 100, qualityTier: 'medium', tenant: r.tenant };
      let refusedBy: string | undefined;
      const at = log.length;
      router.route(req, (res) => {
        if (res.attempts === 0 && (res.failureReason === 'tenant-limited' || res.failureReason === 'budget-exceeded')) refusedBy = res.failureReason;
        log.push({ type: 'ended', req, r: res, atMs: s.now() });
      });
      // The admission happened before anything route() logged.
      log.splice(at, 0, refusedBy === undefined ? { type: 'admitted', req, atMs: s.now() } : { type: 'refused', req, reason: refusedBy, atMs: s.now() });
    });
  });
  s.run(atMs + 1_000_000);
  return log;
}

describe('spend budgets through the router', () => {
  it('nothing is sent under an exhausted budget until its window ends; spend <= limit + bills of attempts in flight then (300 runs)', () => {
    fc.assert(
      fc.property(fc.array(fateArb, { minLength: 1, maxLength: 40 }), requestsArb, fc.double({ min: 0.05, max: 3, noNaN: true }), (fates, reqs, limitUsd) => {
        const log = runPolicies({ budgets: [{ name: 'A', scope: 'provider', match: 'a', limitUsd, window: 'minute' }] }, fates, reqs);
        const billsA = log.filter((e): e is Extract<LogEntry, { type: 'billed' }> => e.type === 'billed' && e.id === 'a/m');
        const windows = new Set(billsA.map((b) => Math.floor(b.atMs / WINDOW_MS)));
        for (const k of windows) {
          const inWindow = billsA.filter((b) => Math.floor(b.atMs / WINDOW_MS) === k);
          const spent = inWindow.reduce((x, b) => x + b.costUsd, 0);
          const ex = log.find((e): e is Extract<LogEntry, { type: 'exhausted' }> => e.type === 'exhausted' && e.windowStartMs === k * WINDOW_MS);
          if (ex === undefined) {
            expect(spent).toBeLessThan(limitUsd + 1e-9);
            continue;
          }
          // Sent before it ran out and billed at or after it (the crossing bill included).
          const inFlight = inWindow.filter((b) => b.sentAtMs <= ex.atMs && b.atMs >= ex.atMs).reduce((x, b) => x + b.costUsd, 0);
          expect(spent).toBeLessThanOrEqual(limitUsd + inFlight + 1e-9);
          const sentAfter = log.filter((e) => e.type === 'sent' && e.id === 'a/m' && e.atMs >= ex.atMs && e.atMs < (k + 1) * WINDOW_MS && log.indexOf(e) > log.indexOf(ex));
          expect(sentAfter).toEqual([]);
        }
      }),
      { numRuns: runs(300) },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('a tenant budget refuses exactly the tenant requests admitted after it ran out in its window (300 runs)', () => {
    fc.assert(
      fc.property(fc.array(fateArb, { minLength: 1, maxLength: 40 }), requestsArb, fc.double({ min: 0.05, max: 3, noNaN: true }), (fates, reqs, limitUsd) => {
        const log = runPolicies({ budgets: [{ scope: 'tenant', match: 't1', limitUsd, window: 'minute' }] }, fates, reqs);
        let spent = 0, k = 0;
        for (const e of log) {
          const w = Math.floor(e.atMs / WINDOW_MS);
          if (w !== k) [k, spent] = [w, 0];
          if (e.type === 'billed' && e.req.tenant === 't1') spent += e.costUsd;
          if (e.type === 'admitted' && e.req.tenant === 't1') expect(spent).toBeLessThan(limitUsd);
          if (e.type === 'refused') {
            expect(e.req.tenant).toBe('t1');
            expect(spent).toBeGreaterThanOrEqual(limitUsd);
          }
        }
      }),
      { numRuns: runs(300) },
    );
  }, PROPERTY_TIMEOUT_MS);
});

describe('per-tenant limits through the router', () => {
  const limitsArb = fc.record({
    requests: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    inputTokens: fc.option(fc.integer({ min: 1, max: 40_000 }), { nil: undefined }),
    outputTokens: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: undefined }),
    totalTokens: fc.option(fc.integer({ min: 1, max: 50_000 }), { nil: undefined }),
    costUsd: fc.option(fc.double({ min: 0.01, max: 3, noNaN: true }), { nil: undefined }),
  });

  it('holds over every window: admitted requests and input tokens within limits, nothing admitted after output/total/dollars ran out (300 runs)', () => {
    fc.assert(
      fc.property(fc.array(fateArb, { minLength: 1, maxLength: 40 }), requestsArb, limitsArb, (fates, reqs, limits) => {
        const def = Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
        const log = runPolicies({ tenantLimits: { default: { window: 'minute', ...def }, tenants: { t2: { window: 'minute' } } } }, fates, reqs);
        const used = { requests: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0 };
        let k = 0;
        for (const e of log) {
          const w = Math.floor(e.atMs / WINDOW_MS);
          if (w !== k) {
            k = w;
            for (const key of Object.keys(used) as (keyof typeof used)[]) used[key] = 0;
          }
          const t1 = 'req' in e && e.req.tenant === 't1';
          if (e.type === 'refused' || e.type === 'admitted') {
            // Refused exactly when a limit is used up, or what the request adds now (one request, its input tokens) would go over.
            const over = (Object.keys(used) as (keyof typeof used)[]).some((key) => {
              const limit = limits[key];
              const adds = key === 'requests' ? 1 : key === 'inputTokens' || key === 'totalTokens' ? e.req.inputTokens : 0;
              return limit !== undefined && (used[key] >= limit || used[key] + adds > limit);
            });
            expect(e.type === 'refused').toBe(t1 && over); // t2 has no limits, requests without a tenant none
            if (e.type === 'refused') expect(e.reason).toBe('tenant-limited');
          }
          if (e.type === 'admitted' && t1) {
            used.requests++;
            used.inputTokens += e.req.inputTokens;
            used.totalTokens += e.req.inputTokens;
            for (const key of ['requests', 'inputTokens', 'totalTokens'] as const) if (limits[key] !== undefined) expect(used[key]).toBeLessThanOrEqual(limits[key]!);
          }
          if (e.type === 'billed' && t1) used.costUsd += e.costUsd;
          if (e.type === 'ended' && t1 && e.r.attempts > 0) {
            used.outputTokens += e.r.outputTokens;
            used.totalTokens += e.r.outputTokens;
          }
        }
      }),
      { numRuns: runs(300) },
    );
  }, PROPERTY_TIMEOUT_MS);
});
