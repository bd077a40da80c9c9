import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Cancel, Scheduler } from '../src/core/ports.js';
import { RealScheduler } from '../src/core/real-scheduler.js';
import { createRng } from '../src/core/rng.js';
import { nativeRouterSchema } from '../src/config/router-schema.js';
import type { RouterEvent } from '../src/routing/events.js';
import type { ExplainSink } from '../src/routing/explain.js';
import { Router } from '../src/routing/router.js';
import { createStrategy } from '../src/routing/strategies/registry.js';
import type { AttemptDone, Deployment, RouteRequest, Transport } from '../src/routing/types.js';
import { SimScheduler } from '../src/sim/sim-scheduler.js';

/**
 * Budgets, per-tenant limits and selection constraints are router code: driven once by the
 * SimScheduler and once by the RealScheduler under fake timers, the router must refuse, filter
 * and pick identically at identical times (budget exhaustion and window ends included).
 * Whole-millisecond latencies, as wall-clock timers have.
 */
const deployments: Deployment[] = ['a', 'b', 'c'].map((p, i) => ({
  id: `${p}/m`, providerId: p, modelId: 'm', weight: 1, priority: i, qualityTier: 'medium',
  inputUsdPerMTok: [1, 3, 20][i], outputUsdPerMTok: [2, 6, 40][i], costMultiplier: 1, performanceBonus: 0,
  contextWindowTokens: 100_000, capabilities: [],
}));

const config = nativeRouterSchema.parse({
  strategy: 'round-robin',
  retries: { maxRetries: 2, baseBackoffMs: 50, maxBackoffMs: 400 },
  timeouts: { attemptMs: 1_500, deadlineMs: 4_000 },
  budgets: [
    { name: 'a-minute', scope: 'provider', match: 'a', limitUsd: 0.05, window: 'minute' },
    { scope: 'tenant', match: 'gold', limitUsd: 0.04, window: 'minute' },
  ],
  tenantLimits: { default: { window: 'minute', requests: 50, outputTokens: 20_000 } },
  selection: { maxPriceUsdPerRequest: 0.01, sort: 'latency' },
});

function fakeTransport(s: Scheduler): Transport {
  const luck = createRng('budget-transport');
  return {
    send<T>(d: Deployment, req: RouteRequest, _no: number, onDone: AttemptDone<T>, token: T): Cancel {
      const u = luck.next();
      const latencyMs = Math.floor((d.providerId === 'b' ? 300 : 150) * (0.5 + luck.next()));
      const ok = u > 0.1;
      const outputTokens = ok ? 50 + Math.floor(200 * luck.next()) : 0;
      const costUsd = (req.inputTokens * d.inputUsdPerMTok + outputTokens * d.outputUsdPerMTok) / 1e6;
      return s.schedule(latencyMs, () => onDone({ kind: ok ? 'success' : 'server-error', latencyMs, inputTokens: req.inputTokens, outputTokens, costUsd }, token));
    },
    probe: (_d, onDone) => s.schedule(20, () => onDone(true)),
  };
}

function drive(s: Scheduler, advance: (ms: number) => void): string[] {
  const log: string[] = [];
  const explain: ExplainSink = {
    wants: () => true,
    decision: (d) => log.push(`${s.now()} decide r${d.requestId}#${d.attemptNo} ${d.reason} → ${d.picked} [${d.candidates.join(',')}] removed ${JSON.stringify(d.removed)}`),
    attempt: (a) => log.push(`${s.now()} attempt r${a.requestId}#${a.attemptNo} ${a.deploymentId} ${a.kind} ${a.costUsd}`),
    finished: (r) => log.push(`${s.now()} done r${r.requestId} ${r.ok ? 'ok' : r.failureReason}`),
  };
  const sink = (e: RouterEvent) => log.push(`${s.now()} event ${JSON.stringify(e)}`);
  const router = new Router({ scheduler: s, rng: createRng('router'), deployments, config, transport: fakeTransport(s), sink, explain, strategy: createStrategy('round-robin', {}, { deployments }) });
  router.start();
  const tenants = ['gold', 'silver', 'bronze', undefined];
  for (let i = 0; i < 600; i++) {
    s.schedule(i * 230, () => router.route({ id: i, arrivalMs: s.now(), inputTokens: 200 + (i % 7) * 100, expectedOutputTokens: 150, qualityTier: 'medium', tenant: tenants[i % 4] }, () => {}));
  }
  advance(600 * 230 + 10_000);
  router.stop();
  return log;
}

afterEach(() => vi.useRealTimers());

describe('budget policies on simulated and on wall-clock time', () => {
  it('make the identical refusals, exclusions and picks on SimScheduler and on RealScheduler with fake timers', () => {
    const sim = new SimScheduler();
    const simLog = drive(sim, (ms) => sim.run(ms));
    vi.useFakeTimers();
    const real = new RealScheduler();
    const realLog = drive(real, (ms) => vi.advanceTimersByTime(ms));
    // Every policy acted: a provider budget ran out and came back, a tenant budget and a tenant limit refused, the constraints removed.
    expect(simLog.some((l) => l.includes('"budget":"a-minute"'))).toBe(true);
    expect(simLog.some((l) => l.includes('"source":"budget","excluded":false'))).toBe(true);
    expect(simLog.some((l) => l.includes('budget:a-minute'))).toBe(true);
    expect(simLog.some((l) => l.endsWith('budget-exceeded'))).toBe(true);
    expect(simLog.some((l) => l.endsWith('tenant-limited'))).toBe(true);
    expect(simLog.some((l) => l.includes('"max-price"'))).toBe(true);
    expect(simLog.some((l) => l.includes('"sort:latency"'))).toBe(true);
    expect(realLog).toEqual(simLog);
  });
});
