import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Cancel, Scheduler } from '../src/core/ports.js';
import { RealScheduler } from '../src/core/real-scheduler.js';
import { createRng } from '../src/core/rng.js';
import { nativeRouterSchema } from '../src/config/router-schema.js';
import type { RouterEvent } from '../src/routing/events.js';
import type { ExplainSink } from '../src/routing/explain.js';
import { Router } from '../src/routing/router.js';
import { createStrategy } from '../src/routing/strategies/registry.js';
import type { AttemptDone, AttemptOutcomeKind, Deployment, RouteRequest, Transport } from '../src/routing/types.js';
import { SimScheduler } from '../src/sim/sim-scheduler.js';
import { FateTransport, type AttemptFate } from './support/stream-transport.js';

/**
 * One code path for simulated and wall-clock time: the whole router — strategy, active health
 * checks, outlier detection, cooldowns, circuit breakers, budgeted retries with backoff,
 * hedging, timeouts — driven once by the SimScheduler and once by the RealScheduler under
 * vitest's fake timers must make the identical sequence of decisions at identical times.
 * (Wall-clock timers have whole-millisecond resolution, so the fake transport uses whole-ms
 * latencies; the router's own delays are whole milliseconds by construction.)
 */
const deployments: Deployment[] = ['a', 'b', 'c'].map((p, i) => ({
  id: `${p}/m`, providerId: p, modelId: 'm', weight: i + 1, priority: i, qualityTier: 'medium',
  inputUsdPerMTok: 1 + i, outputUsdPerMTok: 2 + i, costMultiplier: 1, performanceBonus: 0,
  contextWindowTokens: 100_000, capabilities: [],
}));

const config = nativeRouterSchema.parse({
  strategy: 'p2c-ewma',
  activeHealthCheck: { intervalMs: 800, timeoutMs: 500, unhealthyThreshold: 2, healthyThreshold: 2, jitterFraction: 0.2 },
  outlierDetection: { consecutive5xx: 3, sweepIntervalMs: 1_000, baseEjectionMs: 3_000 },
  cooldown: { allowedFailsPerMinute: 4, cooldownMs: 5_000 },
  circuitBreaker: { consecutiveFailures: 4, openMs: 2_000, minRequests: 5, windowMs: 5_000 },
  retries: { maxRetries: 2, baseBackoffMs: 50, maxBackoffMs: 400 },
  timeouts: { attemptMs: 1_500, deadlineMs: 4_000 },
  hedging: { percentile: 90, maxHedgeRatio: 0.2 },
});

/** Deterministic flaky providers: 'a' fails in bursts, 'b' is slow, 'c' hangs sometimes. */
function fakeTransport(s: Scheduler): Transport {
  const luck = createRng('transport');
  return {
    send<T>(d: Deployment, req: RouteRequest, _attemptNo: number, onDone: AttemptDone<T>, token: T): Cancel {
      const u = luck.next();
      const burst = d.providerId === 'a' && Math.floor(s.now() / 3_000) % 3 === 1;
      const kind: AttemptOutcomeKind = burst && u < 0.8 ? 'server-error' : d.providerId === 'c' && u < 0.1 ? 'timeout' : u < 0.05 ? 'rate-limited' : 'success';
      const latencyMs = Math.floor((d.providerId === 'b' ? 400 : 120) * (0.5 + luck.next()));
      if (kind === 'timeout') return () => {};
      return s.schedule(latencyMs, () =>
        onDone({ kind, latencyMs, inputTokens: req.inputTokens, outputTokens: kind === 'success' ? 10 : 0, costUsd: 0.001, retryAfterMs: kind === 'rate-limited' ? 1_000 : undefined }, token),
      );
    },
    probe(d: Deployment, onDone: (ok: boolean) => void): Cancel {
      const down = d.providerId === 'a' && Math.floor(s.now() / 3_000) % 3 === 1;
      return s.schedule(20, () => onDone(!down));
    },
  };
}

function drive(s: Scheduler, advance: (ms: number) => void): string[] {
  const log: string[] = [];
  const explain: ExplainSink = {
    wants: () => true,
    decision: (d) => log.push(`${s.now()} decide r${d.requestId}#${d.attemptNo} ${d.reason} → ${d.picked} [${d.candidates.join(',')}]${d.panic ? ' panic' : ''}`),
    attempt: (a) => log.push(`${s.now()} attempt r${a.requestId}#${a.attemptNo} ${a.deploymentId} ${a.kind}`),
    finished: (r) => log.push(`${s.now()} done r${r.requestId} ${r.ok ? 'ok' : r.failureReason} retries=${r.retries} hedges=${r.hedges}`),
  };
  const sink = (e: RouterEvent) => log.push(`${s.now()} event ${JSON.stringify(e)}`);
  const router = new Router({
    scheduler: s, rng: createRng('router'), deployments, config, transport: fakeTransport(s), sink, explain,
    strategy: createStrategy('p2c-ewma', {}, { deployments }),
  });
  router.start();
  for (let i = 0; i < 300; i++) {
    const atMs = i * 47;
    s.schedule(atMs, () => router.route({ id: i, arrivalMs: s.now(), inputTokens: 100, expectedOutputTokens: 10, qualityTier: 'medium' }, () => {}));
  }
  advance(300 * 47 + 10_000);
  router.stop();
  return log;
}

afterEach(() => vi.useRealTimers());

describe('the router on simulated and on wall-clock time', () => {
  it('makes the identical decision sequence on SimScheduler and on RealScheduler with fake timers', () => {
    const sim = new SimScheduler();
    const simLog = drive(sim, (ms) => sim.run(ms));
    vi.useFakeTimers();
    const real = new RealScheduler();
    const realLog = drive(real, (ms) => vi.advanceTimersByTime(ms));
    expect(simLog.length).toBeGreaterThan(1_000);
    expect(simLog.some((l) => l.includes('breaker.transitioned'))).toBe(true);
    expect(simLog.some((l) => l.includes('"source":"active-check"'))).toBe(true);
    expect(simLog.some((l) => / retry /.test(l))).toBe(true);
    expect(simLog.some((l) => / hedge /.test(l))).toBe(true);
    expect(realLog).toEqual(simLog);
  });
});

/**
 * Streamed traffic: first-token events (the commit), first-token and idle timeouts, mid-stream
 * breaks, stalls, TTFT-basis percentile hedging and client cancels, on both clocks.
 */
const streamConfig = nativeRouterSchema.parse({
  ...config,
  timeouts: { attemptMs: 6_000, deadlineMs: 9_000, firstTokenMs: 700, idleMs: 400 },
  hedging: { percentile: 80, basis: 'ttft', maxHedgeRatio: 0.3, windowSize: 50 },
});

function streamFates(s: Scheduler): (d: Deployment) => AttemptFate {
  const luck = createRng('stream-transport');
  return (d) => {
    const u = luck.next();
    const ttftMs = Math.floor((d.providerId === 'b' ? 500 : 150) * (0.3 + 2 * luck.next()));
    const totalMs = ttftMs + Math.floor(1_500 * luck.next());
    const burst = d.providerId === 'a' && Math.floor(s.now() / 3_000) % 3 === 1;
    if (burst && u < 0.6) return { kind: 'server-error', ttftMs: totalMs, totalMs };
    if (u < 0.05) return { kind: 'server-error', ttftMs, totalMs }; // breaks after its first token
    if (d.providerId === 'c' && u < 0.12) return { kind: 'stall', ttftMs, totalMs };
    if (u < 0.15) return { kind: 'rate-limited', ttftMs: 30, totalMs: 30, retryAfterMs: 800 };
    return { kind: 'success', ttftMs, totalMs };
  };
}

function driveStreams(s: Scheduler, advance: (ms: number) => void): string[] {
  const log: string[] = [];
  const explain: ExplainSink = {
    wants: () => true,
    decision: (d) => log.push(`${s.now()} decide r${d.requestId}#${d.attemptNo} ${d.reason} → ${d.picked} [${d.candidates.join(',')}]${d.panic ? ' panic' : ''}`),
    attempt: (a) => log.push(`${s.now()} attempt r${a.requestId}#${a.attemptNo} ${a.deploymentId} ${a.kind}`),
    finished: (r) => log.push(`${s.now()} done r${r.requestId} ${r.ok ? 'ok' : r.failureReason} ttft=${r.ttftMs} retries=${r.retries} hedges=${r.hedges}`),
  };
  const sink = (e: RouterEvent) => log.push(`${s.now()} event ${JSON.stringify(e)}`);
  const fates = streamFates(s);
  const transport = new FateTransport(s, (d) => fates(d), (d) => !(d.providerId === 'a' && Math.floor(s.now() / 3_000) % 3 === 1));
  const router = new Router({
    scheduler: s, rng: createRng('router'), deployments, config: streamConfig, transport, sink, explain,
    strategy: createStrategy('p2c-ewma', {}, { deployments }),
  });
  router.start();
  for (let i = 0; i < 300; i++) {
    s.schedule(i * 47, () => {
      const cancel = router.route({ id: i, arrivalMs: s.now(), inputTokens: 100, expectedOutputTokens: 10, qualityTier: 'medium', stream: i % 5 !== 0 }, () => {});
      if (i % 11 === 0) s.schedule(300 + (i % 7) * 150, cancel);
    });
  }
  advance(300 * 47 + 12_000);
  router.stop();
  log.push(`sent ${transport.sent.length}; first tokens ${transport.sent.filter((a) => a.firstTokenAtMs !== undefined).length}; cancelled ${transport.sent.filter((a) => a.cancelledAtMs !== undefined).length}`);
  return log;
}

describe('the router on simulated and on wall-clock time, streamed traffic', () => {
  it('makes the identical decision sequence with first tokens, commits, first-token and idle timeouts, hedges on TTFT and client cancels', () => {
    const sim = new SimScheduler();
    const simLog = driveStreams(sim, (ms) => sim.run(ms));
    vi.useFakeTimers();
    const real = new RealScheduler();
    const realLog = driveStreams(real, (ms) => vi.advanceTimersByTime(ms));
    const count = (re: RegExp) => simLog.filter((l) => re.test(l)).length;
    expect(count(/ done r\d+ stream-interrupted/)).toBeGreaterThan(5);
    expect(count(/ done r\d+ client-cancelled/)).toBeGreaterThan(5);
    expect(count(/ hedge /)).toBeGreaterThan(5);
    expect(count(/ retry /)).toBeGreaterThan(5);
    expect(count(/ attempt r\d+#\d+ \S+ timeout/)).toBeGreaterThan(5);
    expect(realLog).toEqual(simLog);
  });
});
