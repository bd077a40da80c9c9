import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cancel } from '../src/core/ports.js';
import { createRng } from '../src/core/rng.js';
import { nativeRouterSchema } from '../src/config/router-schema.js';
import type { RouterEvent } from '../src/routing/events.js';
import type { AttemptRecord } from '../src/routing/explain.js';
import { Router } from '../src/routing/router.js';
import { createStrategy } from '../src/routing/strategies/registry.js';
import { TransportContractError } from '../src/routing/transport-contract.js';
import type { RouteRequest, RouteResult, Transport } from '../src/routing/types.js';
import { LognormalDistribution } from '../src/sim/distributions/lognormal.js';
import { normalQuantile } from '../src/sim/distributions/special-functions.js';
import { SimScheduler } from '../src/sim/sim-scheduler.js';
import { FateTransport, testDeployments, type AttemptFate } from './support/stream-transport.js';

/** The router's streaming contract, client cancels, client errors and Retry-After caps, on the SimScheduler. */
const deployments = testDeployments(['a', 'b', 'c']);
const req = (id: number, arrivalMs: number, stream = true): RouteRequest => ({ id, arrivalMs, inputTokens: 10, expectedOutputTokens: 10, qualityTier: 'medium', stream });

function setup(routerCfg: object, fate: (deploymentId: string, requestId: number, attemptNo: number) => AttemptFate, transportOverride?: (s: SimScheduler) => Transport) {
  const s = new SimScheduler();
  const transport = new FateTransport(s, (d, r, n) => fate(d.id, r.id, n));
  const events: RouterEvent[] = [];
  const attempts: AttemptRecord[] = [];
  const config = nativeRouterSchema.parse({ strategy: 'round-robin', ...routerCfg });
  const router = new Router({
    scheduler: s, rng: createRng('r'), deployments, config, transport: transportOverride?.(s) ?? transport, sink: (e) => events.push(e),
    strategy: createStrategy('round-robin', {}, { deployments }),
    explain: { wants: () => true, decision: () => {}, attempt: (a) => attempts.push(a), finished: () => {} },
  });
  const results: RouteResult[] = [];
  const done = (r: RouteResult) => results.push(r);
  return { s, transport, router, results, done, events, attempts };
}

const ok = (ttftMs: number, totalMs: number): AttemptFate => ({ kind: 'success', ttftMs, totalMs });

describe('streams: commit at the first token', () => {
  it('the first attempt with a first token wins; its hedge sibling is cancelled at that moment; no timers outlive it', () => {
    // a: first token at 500; the hedge (b, sent at 100) has its first token at 100 + 50 = 150 and wins.
    const { s, transport, router, results, done } = setup({ hedging: { delayMs: 100, maxHedgeRatio: 1 } }, (d) => (d === 'a/m' ? ok(500, 900) : ok(50, 400)));
    router.route(req(0, 0), done);
    s.run();
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: true, deploymentId: 'b/m', hedges: 1, attempts: 2, ttftMs: 150, latencyMs: 500 });
    expect(transport.sent.map((a) => [a.deploymentId, a.sentAtMs, a.firstTokenAtMs, a.cancelledAtMs, a.endedAtMs])).toEqual([
      ['a/m', 0, undefined, 150, undefined],
      ['b/m', 100, 150, undefined, 500],
    ]);
  });

  it('after the commit a failure ends the request as stream-interrupted: no retry sends a second answer', () => {
    const { s, transport, router, results, done } = setup({ retries: { maxRetries: 3 } }, () => ({ kind: 'server-error', ttftMs: 100, totalMs: 300 }));
    router.route(req(0, 0), done);
    s.run();
    expect(results[0]).toMatchObject({ ok: false, failureReason: 'stream-interrupted', lastErrorKind: 'server-error', attempts: 1, retries: 0 });
    expect(transport.sent).toHaveLength(1);
  });

  it('an unstreamed request with the same fate is retried as before', () => {
    const { s, router, results, done } = setup({ retries: { maxRetries: 2 } }, (_d, _r, n) => (n < 2 ? { kind: 'server-error', ttftMs: 100, totalMs: 300 } : ok(100, 300)));
    router.route(req(0, 0, false), done);
    s.run();
    expect(results[0]).toMatchObject({ ok: true, attempts: 3, retries: 2 });
  });

  it('a first-token timeout fails over before any byte reached the client', () => {
    const { s, transport, router, results, done } = setup({ timeouts: { firstTokenMs: 1_000 }, retries: { baseBackoffMs: 0 } }, (d) => (d === 'a/m' ? ok(5_000, 6_000) : ok(200, 700)));
    router.route(req(0, 0), done);
    s.run();
    expect(results[0]).toMatchObject({ ok: true, deploymentId: 'b/m', retries: 1, failovers: 1, ttftMs: 1_200, latencyMs: 1_700 });
    expect(transport.sent[0].cancelledAtMs).toBe(1_000);
  });

  it('the idle timeout ends a stalled stream idleMs after its last token', () => {
    const { s, router, results, done } = setup({ timeouts: { idleMs: 2_000 } }, () => ({ kind: 'stall', ttftMs: 300, totalMs: 300 }));
    router.route(req(0, 0), done);
    s.run();
    expect(results[0]).toMatchObject({ ok: false, failureReason: 'stream-interrupted', lastErrorKind: 'timeout', latencyMs: 2_300, retries: 0 });
  });

  it('a healthy stream longer than idleMs is not cut: the idle timer re-arms from its last token', () => {
    const { s, router, results, done } = setup({ timeouts: { idleMs: 1_000 } }, () => ok(300, 10_000));
    router.route(req(0, 0), done);
    s.run();
    expect(results[0]).toMatchObject({ ok: true, latencyMs: 10_000 });
  });
});

describe('per-request cancel, client errors, Retry-After cap, timer hygiene', () => {
  it('a client cancel ends the request once as client-cancelled, cancels its attempts and stops its timers', () => {
    const { s, transport, router, results, done } = setup({ hedging: { delayMs: 100, maxHedgeRatio: 1 }, timeouts: { firstTokenMs: 5_000 } }, () => ok(1_000, 2_000));
    const cancel = router.route(req(0, 0), done);
    s.scheduleAt(150, cancel);
    s.scheduleAt(160, cancel); // a second cancel is a no-op
    s.run();
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: false, failureReason: 'client-cancelled', attempts: 2 });
    expect(transport.sent.map((a) => a.cancelledAtMs)).toEqual([150, 150]);
    expect(s.now()).toBe(160); // nothing ran after the cancels: no deadline, hedge or timeout timer left
    expect(router.inFlightRequests).toBe(0);
  });

  it('a client-error is never retried and trips no breaker, outlier detection or cooldown', () => {
    const { s, router, results, done, events } = setup(
      { retries: { maxRetries: 3 }, circuitBreaker: { consecutiveFailures: 1 }, outlierDetection: { consecutive5xx: 1 }, cooldown: { allowedFailsPerMinute: 0 } },
      () => ({ kind: 'client-error', ttftMs: 50, totalMs: 50 }),
    );
    for (let i = 0; i < 10; i++) s.scheduleAt(i * 100, () => router.route(req(i, s.now(), false), done));
    s.run(5_000);
    expect(results.map((r) => r.failureReason)).toEqual(Array(10).fill('non-retryable'));
    expect(results.every((r) => r.attempts === 1)).toBe(true);
    expect(events).toEqual([]);
  });

  it('Retry-After is honoured up to maxRetryAfterMs, by retries and cooldowns alike', () => {
    const dayMs = 86_400_000;
    const { s, transport, router, results, done, events } = setup(
      { maxRetryAfterMs: 30_000, retries: { maxRetries: 1, sameDeployment: true }, cooldown: { allowedFailsPerMinute: 5 }, timeouts: { deadlineMs: 10 * dayMs, attemptMs: dayMs } },
      (_d, _r, n) => (n === 0 ? { kind: 'rate-limited', ttftMs: 10, totalMs: 10, retryAfterMs: dayMs } : ok(10, 20)),
    );
    router.route(req(0, 0, false), done);
    s.run();
    expect(results[0]).toMatchObject({ ok: true, retries: 1 });
    expect(transport.sent[1].sentAtMs).toBe(10 + 30_000);
    const cooled = events.find((e) => e.type === 'health.changed' && e.excluded);
    expect(cooled && 'reason' in cooled ? cooled.reason : '').toContain('cooling down until 30010ms');
  });

  it("a hedge timer does not outlive a failed first attempt to hedge the retry", () => {
    const { s, router, results, done } = setup(
      { hedging: { delayMs: 500, maxHedgeRatio: 1 }, retries: { maxRetries: 1, baseBackoffMs: 200, maxBackoffMs: 200 } },
      (_d, _r, n) => (n === 0 ? { kind: 'server-error', ttftMs: 100, totalMs: 100 } : ok(1_000, 2_000)),
    );
    router.route(req(0, 0, false), done);
    s.run();
    expect(results[0]).toMatchObject({ ok: true, attempts: 2, retries: 1, hedges: 0 });
  });

  it('a Transport that calls back synchronously breaks the contract and is told so', () => {
    const sync = (): Transport => ({
      send: (_d, r, _n, onDone, token) => {
        onDone({ kind: 'success', latencyMs: 0, inputTokens: r.inputTokens, outputTokens: 1, costUsd: 0 }, token);
        return () => {};
      },
      probe: () => () => {},
    });
    const { router, done } = setup({ hedging: { delayMs: 100, maxHedgeRatio: 1 } }, () => ok(1, 1), sync);
    expect(() => router.route(req(0, 0, false), done)).toThrow(TransportContractError);
  });
});

describe('properties of streamed routing', () => {
  const fateArb = fc.oneof(
    fc.record({ kind: fc.constant('success' as const), ttftMs: fc.integer({ min: 1, max: 3_000 }), restMs: fc.integer({ min: 0, max: 5_000 }) }),
    fc.record({ kind: fc.constantFrom('server-error' as const, 'rate-limited' as const, 'client-error' as const, 'stall' as const, 'timeout' as const), ttftMs: fc.integer({ min: 1, max: 3_000 }), restMs: fc.integer({ min: 0, max: 3_000 }) }),
  );
  const cfgArb = fc.record({
    firstTokenMs: fc.option(fc.integer({ min: 200, max: 4_000 }), { nil: undefined }),
    idleMs: fc.option(fc.integer({ min: 100, max: 3_000 }), { nil: undefined }),
    hedgeDelayMs: fc.option(fc.integer({ min: 50, max: 2_000 }), { nil: undefined }),
    maxRetries: fc.integer({ min: 0, max: 3 }),
  });

  it('every request ends exactly once whatever cancels arrive when; after the commit no attempt starts; nothing is left running', () => {
    fc.assert(
      fc.property(
        cfgArb,
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20_000 }), fc.boolean(), fc.option(fc.integer({ min: 0, max: 15_000 }), { nil: undefined })), { minLength: 1, maxLength: 30 }),
        fc.array(fateArb, { minLength: 1, maxLength: 40 }),
        (cfg, requests, fates) => {
          let k = 0;
          const { s, transport, router, results, done } = setup(
            {
              retries: { maxRetries: cfg.maxRetries, baseBackoffMs: 20, maxBackoffMs: 200 },
              timeouts: { attemptMs: 10_000, deadlineMs: 25_000, firstTokenMs: cfg.firstTokenMs, idleMs: cfg.idleMs },
              hedging: cfg.hedgeDelayMs === undefined ? false : { delayMs: cfg.hedgeDelayMs, maxHedgeRatio: 1 },
            },
            () => {
              const f = fates[k++ % fates.length];
              return { kind: f.kind, ttftMs: f.ttftMs, totalMs: f.ttftMs + f.restMs, retryAfterMs: f.kind === 'rate-limited' ? 100 : undefined };
            },
          );
          const cancels: Cancel[] = [];
          requests.forEach(([atMs, stream, cancelAfterMs], id) => {
            s.scheduleAt(atMs, () => {
              cancels[id] = router.route(req(id, s.now(), stream), done);
              if (cancelAfterMs !== undefined) s.schedule(cancelAfterMs, () => cancels[id]());
            });
          });
          s.run();
          expect(results.map((r) => r.requestId).sort((a, b) => a - b)).toEqual(requests.map((_, i) => i));
          expect(router.inFlightRequests).toBe(0);
          for (const a of transport.sent) {
            const ended = a.endedAtMs !== undefined || a.cancelledAtMs !== undefined;
            // Only a hung attempt is never heard of again: it must have been cancelled by then.
            expect(ended).toBe(true);
          }
          for (const r of results) {
            const sent = transport.sent.filter((a) => a.requestId === r.requestId);
            const firstTokens = sent.filter((a) => a.firstTokenAtMs !== undefined && (a.cancelledAtMs === undefined || a.cancelledAtMs >= a.firstTokenAtMs));
            if (firstTokens.length === 0) continue;
            const commitAtMs = Math.min(...firstTokens.map((a) => a.firstTokenAtMs!));
            expect(sent.filter((a) => a.sentAtMs > commitAtMs)).toEqual([]);
            // At the commit every sibling was cancelled: one attempt per request shows a first token.
            expect(firstTokens).toHaveLength(1);
            if (r.ok) expect(r.ttftMs).toBe(commitAtMs - requests[r.requestId][0]);
            else expect(['stream-interrupted', 'client-cancelled', 'deadline']).toContain(r.failureReason);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('theory: a first-token timeout at the q-quantile of TTFT', () => {
  it('fails over exactly the first attempts a healthy provider would have answered later, a (1 − q) share', () => {
    const sigma = 1;
    const mu = Math.log(400);
    const dist = new LognormalDistribution(mu, sigma);
    const luck = createRng('ttft-timeout');
    for (const q of [0.9, 0.99]) {
      const tauMs = Math.exp(mu + sigma * normalQuantile(q));
      const { s, transport, router, results, done } = setup({ timeouts: { firstTokenMs: tauMs }, retries: { maxRetries: 1, baseBackoffMs: 0, budgetRatio: 1 } }, () => {
        const ttft = dist.sample(luck);
        return ok(ttft, ttft + 1_000);
      });
      const n = 20_000;
      for (let i = 0; i < n; i++) s.scheduleAt(i * 5, () => router.route(req(i, s.now()), done));
      s.run();
      const firsts = transport.sent.filter((a) => a.attemptNo === 0);
      const timedOut = firsts.filter((a) => a.cancelledAtMs !== undefined);
      const wouldBeLate = firsts.filter((a) => a.fate.ttftMs > tauMs);
      expect(timedOut.map((a) => a.requestId)).toEqual(wouldBeLate.map((a) => a.requestId));
      for (const a of timedOut) expect(a.cancelledAtMs! - a.sentAtMs).toBeCloseTo(tauMs, 6);
      const share = timedOut.length / n;
      expect(Math.abs(share - (1 - q))).toBeLessThan(3.29 * Math.sqrt((q * (1 - q)) / n));
      // The failover then answers unless it too is slow: a request fails only when its every attempt timed out.
      const failed = new Set(results.filter((r) => !r.ok).map((r) => r.requestId));
      const allLate = new Set(timedOut.map((a) => a.requestId).filter((id) => transport.sent.filter((b) => b.requestId === id).every((b) => b.fate.ttftMs > tauMs)));
      expect(failed).toEqual(allLate);
    }
  });
});
