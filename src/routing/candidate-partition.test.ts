/**
 * The partition caches health verdicts per deployment between HealthBoard changes.
 * Differential test: a cached partition and, at every check, a new one (which asks every
 * source about every deployment) watch the same board while random outcomes, probe answers, breaker acquisitions and
 * the passage of time change it; they must agree on every pool, every panic flag and every
 * slot's health level, at every step.
 *
 * The steps between two clock advances run as one event at priority -1, i.e. before the
 * timers due at that same instant (cooldown ends, probe answers): a cooldown or an open
 * breaker period may be over while its timer has not run, and only the clock can tell the
 * cache so. Advances often land exactly on such an end (integer times, steps of exactly
 * cooldownMs or openMs).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cancel } from '../core/ports.js';
import { SeededRng } from '../core/rng.js';
import { nativeRouterSchema } from '../config/router-schema.js';
import { SimScheduler } from '../sim/sim-scheduler.js';
import { CandidatePartition, type RouterSlot } from './candidate-partition.js';
import type { RouterEvent } from './events.js';
import { HealthBoard } from './health/health-board.js';
import { DeploymentStatsTracker } from './stats/deployment-stats-tracker.js';
import { makeDeployment } from './strategies/test-fixtures.js';
import type { AttemptOutcome, AttemptOutcomeKind } from './types.js';

const KINDS: AttemptOutcomeKind[] = ['success', 'server-error', 'timeout', 'rate-limited', 'overloaded', 'context-exceeded', 'connection-error', 'cancelled'];

type Op =
  | { op: 'outcome'; dep: number; kind: number; retryAfterMs: number | undefined }
  | { op: 'acquire'; dep: number }
  | { op: 'advance'; ms: number }
  | { op: 'check'; tokens: number; tried: number[]; keep: number | undefined };

const opArb = (n: number, endsMs: number[]): fc.Arbitrary<Op> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('outcome' as const), dep: fc.nat(n - 1), kind: fc.nat(KINDS.length - 1), retryAfterMs: fc.option(fc.integer({ min: 1, max: 3_000 }), { nil: undefined }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('acquire' as const), dep: fc.nat(n - 1) }) },
    {
      weight: 2,
      arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 4_000 }), fc.constantFrom(...endsMs)) }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constant('check' as const),
        tokens: fc.constantFrom(100, 5_000, 20_000, 1e9),
        tried: fc.subarray([...Array(n).keys()]),
        keep: fc.option(fc.nat(n - 1), { nil: undefined }),
      }),
    },
  );

const configArb = fc.record({
  consecutive5xx: fc.integer({ min: 1, max: 3 }),
  allowedFailsPerMinute: fc.integer({ min: 0, max: 3 }),
  cooldownMs: fc.integer({ min: 100, max: 3_000 }),
  consecutiveFailures: fc.integer({ min: 1, max: 3 }),
  openMs: fc.integer({ min: 100, max: 3_000 }),
  halfOpenProbes: fc.integer({ min: 1, max: 2 }),
  panicThresholdPercent: fc.constantFrom(0, 50, 100),
  // Event-driven sources bump the board's version often; without them the time-based
  // expiries alone must keep the cache honest.
  activeChecks: fc.boolean(),
  outlier: fc.boolean(),
});

describe('CandidatePartition verdict cache', () => {
  it('agrees with the uncached partition after any sequence of health changes (300 runs)', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1, max: 5 }), configArb).chain(([n, c]) =>
          fc.tuple(fc.constant(n), fc.constant(c), fc.array(opArb(n, [c.cooldownMs, c.openMs]), { maxLength: 120 }), fc.array(fc.boolean(), { minLength: 64, maxLength: 64 })),
        ),
        ([n, c, ops, probeAnswers]) => {
        const scheduler = new SimScheduler();
        const config = nativeRouterSchema.parse({
          activeHealthCheck: c.activeChecks && { intervalMs: 500, timeoutMs: 200, unhealthyThreshold: 1, healthyThreshold: 1 },
          outlierDetection: c.outlier && { consecutive5xx: c.consecutive5xx, sweepIntervalMs: 700, baseEjectionMs: 900, maxEjectionPercent: 100 },
          cooldown: { allowedFailsPerMinute: c.allowedFailsPerMinute, cooldownMs: c.cooldownMs },
          circuitBreaker: { consecutiveFailures: c.consecutiveFailures, openMs: c.openMs, halfOpenProbes: c.halfOpenProbes },
          panicThresholdPercent: c.panicThresholdPercent,
        });
        const deployments = [...Array(n).keys()].map((i) => makeDeployment(`p${i}/m`, { contextWindowTokens: [8_000, 16_000, 200_000][i % 3] }));
        let probes = 0;
        const probe = (_id: string, onDone: (ok: boolean) => void): Cancel =>
          scheduler.schedule(50, () => onDone(probeAnswers[probes++ % probeAnswers.length]));
        const events: RouterEvent[] = [];
        const board = new HealthBoard(scheduler, new SeededRng('board'), deployments, config, probe, (e) => events.push(e));
        const slotsOf = (): RouterSlot[] => deployments.map((d) => ({ deployment: d, stats: new DeploymentStatsTracker(10, 1_000, () => scheduler.now()), health: 'healthy' }));
        const cachedSlots = slotsOf(), freshSlots = slotsOf();
        const cached = new CandidatePartition(cachedSlots, board, config.panicThresholdPercent, () => {});
        board.start();
        const apply = (o: Op): void => {
          if (o.op === 'outcome') {
            const outcome: AttemptOutcome = { kind: KINDS[o.kind], latencyMs: 10, inputTokens: 1, outputTokens: 0, costUsd: 0, retryAfterMs: o.retryAfterMs };
            board.observe(deployments[o.dep].id, outcome, scheduler.now());
          } else if (o.op === 'acquire') {
            board.breakers!.tryAcquire(deployments[o.dep].id, scheduler.now());
          } else if (o.op === 'check') {
            const tried = new Set(o.tried.map((i) => deployments[i].id));
            const keep = o.keep === undefined ? undefined : deployments[o.keep].id;
            const got = cached.pool(o.tokens, tried, scheduler.now(), false, keep).map((s) => s.deployment.id);
            // A partition made now asks every source about every deployment: no cache at all.
            const fresh = new CandidatePartition(freshSlots, board, config.panicThresholdPercent, () => {});
            const want = fresh.pool(o.tokens, tried, scheduler.now(), true, keep).map((s) => s.deployment.id);
            expect(got).toEqual(want);
            expect(cached.panicked).toBe(fresh.panicked);
            expect(cachedSlots.map((s) => s.health)).toEqual(freshSlots.map((s) => s.health));
          }
        };
        let nowMs = 0;
        let i = 0;
        while (i < ops.length) {
          const o = ops[i];
          if (o.op === 'advance') {
            nowMs += o.ms;
            i++;
            continue;
          }
          let end = i;
          while (end < ops.length && ops[end].op !== 'advance') end++;
          const steps = ops.slice(i, end);
          scheduler.scheduleAt(nowMs, () => steps.forEach(apply), -1);
          scheduler.run(nowMs);
          i = end;
        }
        board.stop();
      },
      ),
      { numRuns: 300 },
    );
  });

  it('hands out the same pool array while nothing changes, and a new one when a verdict does', () => {
    const scheduler = new SimScheduler();
    const config = nativeRouterSchema.parse({ circuitBreaker: { consecutiveFailures: 1, openMs: 1_000 } });
    const deployments = ['a/m', 'b/m', 'c/m'].map((id) => makeDeployment(id));
    const board = new HealthBoard(scheduler, new SeededRng('x'), deployments, config, () => () => {}, () => {});
    const slots: RouterSlot[] = deployments.map((d) => ({ deployment: d, stats: new DeploymentStatsTracker(10, 1_000, () => 0), health: 'healthy' }));
    const partition = new CandidatePartition(slots, board, config.panicThresholdPercent, () => {});
    const none = new Set<string>();
    const first = partition.pool(10, none, 0, false, undefined);
    expect(partition.pool(10, none, 5, false, undefined)).toBe(first);
    board.observe('b/m', { kind: 'server-error', latencyMs: 1, inputTokens: 1, outputTokens: 0, costUsd: 0 }, 10);
    const opened = partition.pool(10, none, 10, false, undefined);
    expect(opened.map((s) => s.deployment.id)).toEqual(['a/m', 'c/m']);
    expect(first.map((s) => s.deployment.id)).toEqual(['a/m', 'b/m', 'c/m']); // never mutated
    expect(slots[1].health).toBe('degraded');
    // The open period ends by the clock alone (no event): the cache must notice.
    expect(partition.pool(10, none, 1_009, false, undefined).map((s) => s.deployment.id)).toEqual(['a/m', 'c/m']);
    expect(partition.pool(10, none, 1_010, false, undefined).map((s) => s.deployment.id)).toEqual(['a/m', 'b/m', 'c/m']);
  });

  it('sees a cooldown end at its very instant, before the end timer has run', () => {
    const scheduler = new SimScheduler();
    const config = nativeRouterSchema.parse({ cooldown: { allowedFailsPerMinute: 0, cooldownMs: 500 } });
    const deployments = ['a/m', 'b/m'].map((id) => makeDeployment(id));
    const board = new HealthBoard(scheduler, new SeededRng('x'), deployments, config, () => () => {}, () => {});
    const slots: RouterSlot[] = deployments.map((d) => ({ deployment: d, stats: new DeploymentStatsTracker(10, 1_000, () => 0), health: 'healthy' }));
    const partition = new CandidatePartition(slots, board, 0, () => {});
    const ids = () => partition.pool(10, new Set(), scheduler.now(), false, undefined).map((s) => s.deployment.id);
    board.observe('a/m', { kind: 'server-error', latencyMs: 1, inputTokens: 1, outputTokens: 0, costUsd: 0 }, 0);
    expect(ids()).toEqual(['b/m']);
    const seen: string[][] = [];
    scheduler.scheduleAt(500, () => seen.push(ids()), -1); // before the cooldown's end timer at 500
    scheduler.run(500);
    expect(seen).toEqual([['a/m', 'b/m']]);
  });
});
