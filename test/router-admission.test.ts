import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Scheduler } from '../src/core/ports.js';
import { RealScheduler } from '../src/core/real-scheduler.js';
import { createRng } from '../src/core/rng.js';
import { nativeRouterSchema, type RouterConfig } from '../src/config/router-schema.js';
import type { RouterEvent } from '../src/routing/events.js';
import type { ExplainSink } from '../src/routing/explain.js';
import { Router } from '../src/routing/router.js';
import { createStrategy } from '../src/routing/strategies/registry.js';
import type { Deployment, RouteResult, Transport } from '../src/routing/types.js';
import { SimScheduler } from '../src/sim/sim-scheduler.js';
import { CapacityTransport } from './support/capacity-transport.js';

/**
 * Admission policies (router.concurrencyLimit, router.priorityQueue, router.statusRules) in the
 * whole router, on both clocks, with a fake fleet whose capacity can change mid-run.
 */
const deployments: Deployment[] = ['a', 'b'].map((p, i) => ({
  id: `${p}/m`, providerId: p, modelId: 'm', weight: 1, priority: i, qualityTier: 'medium',
  inputUsdPerMTok: 1, outputUsdPerMTok: 2, costMultiplier: 1, performanceBonus: 0,
  contextWindowTokens: 100_000, capabilities: [],
}));

interface Arrival { readonly atMs: number; readonly tenant?: string; readonly priority?: number }

interface Drive {
  readonly log: string[];
  readonly results: RouteResult[];
  readonly limits: { atMs: number; id: string; limit: number }[];
}

function drive(s: Scheduler, advance: (ms: number) => void, config: RouterConfig, transport: Transport, arrivals: readonly Arrival[], untilMs: number, strategy = 'least-connections', explained = true): Drive {
  const log: string[] = [];
  const results: RouteResult[] = [];
  const limits: Drive['limits'] = [];
  const explain: ExplainSink = {
    wants: () => explained,
    decision: (d) => log.push(`${s.now()} decide r${d.requestId}#${d.attemptNo} ${d.reason} → ${d.picked} [${d.candidates.join(',')}] removed ${d.removed.map((r) => `${r.id}:${r.by.join('+')}`).join(',')}`),
    attempt: (a) => log.push(`${s.now()} attempt r${a.requestId}#${a.attemptNo} ${a.deploymentId} ${a.kind}`),
    finished: (r) => log.push(`${s.now()} done r${r.requestId} ${r.ok ? 'ok' : r.failureReason} p=${r.priority} q=${r.gatewayQueueMs ?? 0} retries=${r.retries}`),
  };
  const sink = (e: RouterEvent) => {
    if (explained) log.push(`${s.now()} event ${JSON.stringify(e)}`);
    if (e.type === 'concurrency.changed') limits.push({ atMs: e.atMs, id: e.deploymentId, limit: e.limit });
  };
  const router = new Router({ scheduler: s, rng: createRng('router'), deployments, config, transport, sink, explain, strategy: createStrategy(strategy, {}, { deployments }) });
  router.start();
  arrivals.forEach((a, i) => {
    s.schedule(a.atMs, () => {
      if (explained) log.push(`${s.now()} arrive r${i}`);
      router.route({ id: i, arrivalMs: s.now(), inputTokens: 100, expectedOutputTokens: 10, qualityTier: 'medium', tenant: a.tenant, priority: a.priority }, (r) => results.push(r));
    });
  });
  advance(untilMs);
  router.stop();
  return { log, results, limits };
}

afterEach(() => vi.useRealTimers());

const bothClocksConfig = nativeRouterSchema.parse({
  strategy: 'least-connections',
  circuitBreaker: { consecutiveFailures: 50, failureRateThreshold: 0.6, minRequests: 10, windowMs: 1_000, openMs: 300 },
  retries: { maxRetries: 1, baseBackoffMs: 20, maxBackoffMs: 100, budgetRatio: 0.5 },
  timeouts: { attemptMs: 2_000, deadlineMs: 3_000 },
  concurrencyLimit: { algorithm: 'aimd', initialLimit: 8, minLimit: 2, maxLimit: 30 },
  priorityQueue: { maxWaitMs: 150, maxLength: 15, tenantPriorities: { gold: 5, bronze: -1 } },
  statusRules: { retryOn: ['overloaded', 500], maxRetriesByKind: { overloaded: 3 }, breakerFailureOn: [503] },
});

describe('admission policies on simulated and on wall-clock time', () => {
  it('make the identical decision sequence (AIMD limits, priority queue, sheds, queue timeouts, status rules) on SimScheduler and RealScheduler', () => {
    // 'a' serves 6 at once, 3 between 2 s and 5 s; 'b' serves 10. Every 13th request's first attempt fails with a 500.
    const fleet = (s: Scheduler) => new CapacityTransport(s, (d, t) => (d.providerId === 'a' ? (t >= 2_000 && t < 5_000 ? 3 : 6) : 10), 100, (_d, req, no) => (req.id % 13 === 0 && no === 0 ? 'server-error' : undefined));
    const tenants = ['gold', 'silver', 'bronze', 'silver'];
    const arrivals: Arrival[] = Array.from({ length: 500 }, (_, i) => ({ atMs: i * 7, tenant: tenants[i % 4] }));
    const sim = new SimScheduler();
    const simRun = drive(sim, (ms) => sim.run(ms), bothClocksConfig, fleet(sim), arrivals, 12_000);
    vi.useFakeTimers();
    const real = new RealScheduler();
    const realRun = drive(real, (ms) => vi.advanceTimersByTime(ms), bothClocksConfig, fleet(real), arrivals, 12_000);
    const count = (re: RegExp) => simRun.log.filter((l) => re.test(l)).length;
    expect(count(/ done r\d+ shed/)).toBeGreaterThan(5);
    expect(count(/ done r\d+ queue-timeout/)).toBeGreaterThan(5);
    expect(count(/ done r\d+ ok .* q=[1-9]/)).toBeGreaterThan(5);
    expect(count(/concurrency\.changed/)).toBeGreaterThan(5);
    expect(count(/:concurrency-limit/)).toBeGreaterThan(5);
    expect(count(/ retry /)).toBeGreaterThan(5);
    expect(simRun.results).toHaveLength(500);
    expect(realRun.log).toEqual(simRun.log);
  });
});

/** Requests in log order: when each last entered the gateway queue, its end (index, reason, priority), and every send (decision with a pick). */
function timelineOf(log: readonly string[]) {
  const queued = new Map<number, number>(), end = new Map<number, { at: number; reason: string; priority: number }>();
  const sends: { at: number; id: number }[] = [];
  log.forEach((l, at) => {
    let m = /"type":"request.queued","atMs":[\d.]+,"requestId":(\d+)/.exec(l);
    if (m) return void queued.set(Number(m[1]), at);
    m = / done r(\d+) (\S+) p=(-?\d+)/.exec(l);
    if (m) return void end.set(Number(m[1]), { at, reason: m[2], priority: Number(m[3]) });
    m = / decide r(\d+)#\d+ \S+ → (\S+)/.exec(l);
    if (m && m[2] !== 'undefined') sends.push({ at, id: Number(m[1]) });
  });
  return { queued, end, sends };
}

describe('priorities and shedding under saturation', () => {
  it('property: no request is pushed out of the queue or times out there while one of lower priority is sent an attempt', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 30 }), priority: fc.integer({ min: -2, max: 3 }) }), { minLength: 20, maxLength: 160 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 20, max: 400 }),
        (reqs, cap, maxLength, maxWaitMs) => {
          const config = nativeRouterSchema.parse({
            strategy: 'least-connections',
            retries: { maxRetries: 2, baseBackoffMs: 5, maxBackoffMs: 20, budgetRatio: 1 },
            timeouts: { attemptMs: 2_000, deadlineMs: 5_000 },
            concurrencyLimit: { algorithm: 'static', initialLimit: cap },
            priorityQueue: { maxWaitMs, maxLength, sheddableBelow: -1 },
          });
          let t = 0;
          const arrivals = reqs.map((r) => ({ atMs: (t += r.gapMs), priority: r.priority }));
          const s = new SimScheduler();
          // Capacity equals the cap (no overloads); every 5th first attempt fails with a 500, so retries compete too.
          const transport = new CapacityTransport(s, () => cap, 60, (_d, req, no) => (req.id % 5 === 0 && no === 0 ? 'server-error' : undefined));
          const { log, results } = drive(s, (ms) => s.run(ms), config, transport, arrivals, t + 20_000);
          expect(results).toHaveLength(arrivals.length);
          const { queued, end, sends } = timelineOf(log);
          for (const [id, e] of end) {
            if (e.reason !== 'shed' && e.reason !== 'queue-timeout') continue;
            expect(e.priority).toBe(arrivals[id].priority);
            // Shed at once (sheddable, or a full queue refused it): nobody was served meanwhile. Else it waited since it last queued.
            const from = queued.get(id);
            if (from === undefined) continue;
            checked++;
            const lowerServed = sends.find((x) => x.at > from && x.at < e.at && arrivals[x.id].priority < e.priority);
            expect(lowerServed, `r${id} (priority ${e.priority}) ended ${e.reason} while r${lowerServed?.id} (priority ${lowerServed && arrivals[lowerServed.id].priority}) was sent`).toBeUndefined();
          }
          // Sheddable requests never wait: below sheddableBelow they are served at once or shed.
          for (const r of results) if (r.priority! < -1) expect(r.gatewayQueueMs).toBeUndefined();
        },
      ),
      { numRuns: 60 },
    );
    expect(checked, 'requests that waited in the queue and were then shed or timed out').toBeGreaterThan(50);
  }, 60_000);
});

describe('adaptive concurrency limits', () => {
  it('property: the cap stays within [minLimit, maxLimit], falls while capacity is halved and recovers after it returns', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('aimd' as const, 'gradient' as const),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 30, max: 80 }),
        fc.integer({ min: 8, max: 24 }),
        (algorithm, minLimit, maxLimit, capacity) => {
          const config = nativeRouterSchema.parse({
            strategy: 'round-robin',
            retries: { maxRetries: 0 },
            timeouts: { attemptMs: 2_000, deadlineMs: 5_000 },
            concurrencyLimit: { algorithm, initialLimit: capacity, minLimit, maxLimit },
          });
          const s = new SimScheduler();
          // One deployment's capacity halves between 5 s and 10 s; offered load is about twice what it can serve.
          const squeezed = (d: Deployment, tMs: number) => (d.providerId === 'a' && tMs >= 5_000 && tMs < 10_000 ? Math.floor(capacity / 2) : capacity);
          const transport = new CapacityTransport(s, squeezed, 100);
          const gapMs = Math.max(1, Math.floor(100 / (2 * capacity)));
          const arrivals = Array.from({ length: Math.floor(16_000 / gapMs) }, (_, i) => ({ atMs: i * gapMs }));
          const { limits } = drive(s, (ms) => s.run(ms), config, transport, arrivals, 20_000, 'round-robin', false);
          const a = limits.filter((l) => l.id === 'a/m');
          for (const l of limits) {
            expect(l.limit).toBeGreaterThanOrEqual(minLimit);
            expect(l.limit).toBeLessThanOrEqual(maxLimit);
          }
          const capAt = (tMs: number) => [...a].reverse().find((l) => l.atMs <= tMs)?.limit ?? capacity;
          const meanCap = (fromMs: number, toMs: number) => {
            let sum = 0;
            for (let x = fromMs; x < toMs; x += 50) sum += capAt(x);
            return sum / ((toMs - fromMs) / 50);
          };
          const before = meanCap(3_000, 5_000), during = meanCap(8_000, 10_000), after = meanCap(13_000, 16_000);
          expect(during).toBeLessThan(before);
          expect(during).toBeLessThanOrEqual(capacity); // capacity/2 serve, and the cap backs off from overloads
          expect(after).toBeGreaterThan(during);
          expect(after).toBeGreaterThanOrEqual(0.75 * capacity);
        },
      ),
      { numRuns: 12 },
    );
  }, 60_000);
});

describe('status-code rules in the router', () => {
  const fixed = (kindOf: (d: Deployment, attemptNo: number) => import('../src/routing/types.js').AttemptOutcomeKind | undefined) => (s: Scheduler) => new CapacityTransport(s, () => 100, 50, (d, _req, no) => kindOf(d, no));
  const run = (rules: object, kindOf: Parameters<typeof fixed>[0], extra: object = {}) => {
    const config = nativeRouterSchema.parse({ strategy: 'priority', retries: { maxRetries: 1, baseBackoffMs: 1, maxBackoffMs: 1, budgetRatio: 1 }, statusRules: rules, ...extra });
    const s = new SimScheduler();
    return drive(s, (ms) => s.run(ms), config, fixed(kindOf)(s), [{ atMs: 0 }], 10_000, 'priority');
  };

  it('retryOn: an outcome not named ends the request as non-retryable; one named is retried', () => {
    const serverError = run({ retryOn: ['rate-limited'] }, (_d, no) => (no === 0 ? 'server-error' : undefined));
    expect(serverError.results[0]).toMatchObject({ ok: false, failureReason: 'non-retryable', attempts: 1 });
    const byCode = run({ retryOn: [500] }, (_d, no) => (no === 0 ? 'server-error' : undefined));
    expect(byCode.results[0]).toMatchObject({ ok: true, attempts: 2, retries: 1 });
  });

  it('maxRetriesByKind: 429s get 3 retries where maxRetries allows 1; other kinds keep maxRetries', () => {
    const limited = run({ maxRetriesByKind: { 'rate-limited': 3 } }, () => 'rate-limited');
    expect(limited.results[0]).toMatchObject({ ok: false, failureReason: 'retries-exhausted', attempts: 4, retries: 3 });
    const errors = run({ maxRetriesByKind: { 'rate-limited': 3 } }, () => 'server-error');
    expect(errors.results[0]).toMatchObject({ ok: false, failureReason: 'retries-exhausted', attempts: 2, retries: 1 });
  });

  it('fallbackOn: a fallback chain is followed only after the outcomes named', () => {
    const fallbacks = { default: { 'a/m': ['b/m'] } };
    // 'a' always 503s; without the rule the chain sends the retry to b; with fallbackOn [429] the 503 is retried without a target.
    const chained = run({ fallbackOn: [503] }, (d) => (d.providerId === 'a' ? 'overloaded' : undefined), { fallbacks });
    expect(chained.log.filter((l) => / decide r0#1 failover → b\/m/.test(l))).toHaveLength(1);
    const notChained = run({ fallbackOn: [429] }, (d) => (d.providerId === 'a' ? 'overloaded' : undefined), { fallbacks });
    expect(notChained.log.filter((l) => / decide r0#1 retry → /.test(l))).toHaveLength(1);
  });

  it('breakerFailureOn: a breaker counting 429s opens on them; the default one does not', () => {
    const breaker = { consecutiveFailures: 2, minRequests: 100, openMs: 60_000 };
    const config = (rules: object | false) => nativeRouterSchema.parse({ strategy: 'priority', retries: { maxRetries: 0 }, circuitBreaker: breaker, statusRules: rules });
    const opened = (rules: object | false) => {
      const s = new SimScheduler();
      const transport = new CapacityTransport(s, () => 100, 50, (d) => (d.providerId === 'a' ? 'rate-limited' : undefined));
      const { log } = drive(s, (ms) => s.run(ms), config(rules), transport, [{ atMs: 0 }, { atMs: 100 }, { atMs: 200 }], 10_000, 'priority');
      return log.filter((l) => /breaker\.transitioned.*"to":"open"/.test(l)).length;
    };
    expect(opened({ breakerFailureOn: ['rate-limited'] })).toBe(1);
    expect(opened(false)).toBe(0);
  });
});
