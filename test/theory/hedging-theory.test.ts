import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { nativeRouterSchema } from '../../src/config/router-schema.js';
import { Router } from '../../src/routing/router.js';
import { createStrategy } from '../../src/routing/strategies/registry.js';
import type { RouteResult } from '../../src/routing/types.js';
import { LognormalDistribution } from '../../src/sim/distributions/lognormal.js';
import { normalCdf, normalQuantile } from '../../src/sim/distributions/special-functions.js';
import { SimScheduler } from '../../src/sim/sim-scheduler.js';
import { FateTransport, testDeployments } from '../support/stream-transport.js';

/**
 * Percentile hedging against its closed form. Without queueing, a request hedged at τ after
 * its first attempt finishes at T = min(X₁, τ + X₂), X₁, X₂ independent lognormal(μ, σ); with
 * τ the true q-quantile of X, P(T > t) = S(t) for t < τ and S(t)·S(t − τ) after, S = 1 − F.
 * The router must learn τ (despite the censoring its own hedges cause), hedge (1 − q) of
 * requests, and its p99 of T must match the exact value.
 *
 * Confidence intervals (each at ~99.9%, z = 3.29; the file checks ~20 of them):
 * - the learnt delay: the estimator reads a window of W first attempts per deployment, so its
 *   quantile level is off by at most z·√(q(1−q)/W); τ must lie between the true quantiles at
 *   q ∓ that.
 * - the hedge rate over n requests: binomial around 1 − q, widened by the same level error.
 * - the simulated p99 of T: the order statistics at ranks n·0.99 ∓ z·√(n·0.99·0.01) must
 *   bracket the exact p99 computed at the extreme τ of the first interval.
 */
const Z = 3.29;
const MEDIAN_MS = 200;
const mu = Math.log(MEDIAN_MS);

function survival(t: number, sigma: number): number {
  return t <= 0 ? 1 : 1 - normalCdf((Math.log(t) - mu) / sigma);
}

function quantileOfX(q: number, sigma: number): number {
  return Math.exp(mu + sigma * normalQuantile(q));
}

/** Exact p-quantile of T = min(X₁, τ + X₂) by bisection on its survival function. */
function exactQuantileOfT(p: number, tau: number, sigma: number): number {
  const sT = (t: number) => survival(t, sigma) * (t > tau ? survival(t - tau, sigma) : 1);
  let lo = 0;
  let hi = quantileOfX(0.999999, sigma) + tau;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (sT(mid) > 1 - p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

interface HedgeRun {
  learntDelaysMs: number[];
  hedgeRate: number;
  sortedT: number[];
}

function runHedged(sigma: number, percentile: number, basis: 'latency' | 'ttft', requests: number, warmup: number): HedgeRun {
  const s = new SimScheduler();
  const deployments = testDeployments(['a', 'b']);
  const dist = new LognormalDistribution(mu, sigma);
  const luck = createRng(`hedging-theory-${sigma}-${percentile}-${basis}`);
  // TTFT basis: the first token comes at X, the rest 500 ms later; latency basis: the answer at X.
  const transport = new FateTransport(s, () => {
    const x = dist.sample(luck);
    return basis === 'ttft' ? { kind: 'success', ttftMs: x, totalMs: x + 500 } : { kind: 'success', ttftMs: x, totalMs: x };
  });
  const config = nativeRouterSchema.parse({
    strategy: 'round-robin',
    retries: { maxRetries: 0 },
    timeouts: { attemptMs: 1e9, deadlineMs: 1e9 },
    hedging: { percentile, basis, maxHedgeRatio: 0.5 },
  });
  const router = new Router({ scheduler: s, rng: createRng('router'), deployments, config, transport, strategy: createStrategy('round-robin', {}, { deployments }) });
  const results: RouteResult[] = [];
  const learnt: number[] = [];
  const done = (r: RouteResult) => results.push(r);
  for (let i = 0; i < requests; i++) {
    s.scheduleAt(i * 2, () => {
      if (i >= warmup && i % 500 === 0) for (const d of deployments) learnt.push(router.hedgeDelayOf(d.id)!);
      router.route({ id: i, arrivalMs: s.now(), inputTokens: 10, expectedOutputTokens: 10, qualityTier: 'medium', stream: basis === 'ttft' }, done);
    });
  }
  s.run();
  const measured = results.filter((r) => r.requestId >= warmup);
  expect(measured.every((r) => r.ok)).toBe(true);
  const t = measured.map((r) => (basis === 'ttft' ? r.ttftMs! : r.latencyMs)).sort((a, b) => a - b);
  return { learntDelaysMs: learnt, hedgeRate: measured.filter((r) => r.hedges > 0).length / measured.length, sortedT: t };
}

/** The default window of first attempts per deployment (what the test checks is the default). */
const WINDOW = (nativeRouterSchema.parse({ hedging: { percentile: 95 } }).hedging as { windowSize: number }).windowSize;
const CASES: { sigma: number; percentile: number; basis: 'latency' | 'ttft' }[] = [
  { sigma: 0.5, percentile: 95, basis: 'latency' },
  { sigma: 1.0, percentile: 95, basis: 'latency' },
  { sigma: 1.5, percentile: 95, basis: 'latency' },
  { sigma: 1.0, percentile: 90, basis: 'latency' },
  { sigma: 1.0, percentile: 99, basis: 'latency' },
  { sigma: 1.0, percentile: 95, basis: 'ttft' },
];

describe('percentile hedging hedges the slowest N% (closed form T = min(X1, τ + X2), X lognormal)', () => {
  for (const c of CASES) {
    it(`σ=${c.sigma}, p${c.percentile}, basis ${c.basis}: learnt delay, hedge rate and p99 of T inside their intervals`, () => {
      const q = c.percentile / 100;
      const requests = 80_000;
      const warmup = 20_000;
      const run = runHedged(c.sigma, c.percentile, c.basis, requests, warmup);
      const levelErr = Z * Math.sqrt((q * (1 - q)) / WINDOW);
      const tauTrue = quantileOfX(q, c.sigma);
      const tauLo = quantileOfX(q - levelErr, c.sigma);
      const tauHi = quantileOfX(q + levelErr, c.sigma);
      for (const tau of run.learntDelaysMs) {
        expect(tau).toBeGreaterThanOrEqual(tauLo);
        expect(tau).toBeLessThanOrEqual(tauHi);
      }
      const meanTau = run.learntDelaysMs.reduce((a, b) => a + b, 0) / run.learntDelaysMs.length;
      expect(Math.abs(meanTau / tauTrue - 1)).toBeLessThan((tauHi - tauLo) / tauTrue / 2);

      const n = run.sortedT.length;
      const rateErr = levelErr + Z * Math.sqrt((q * (1 - q)) / n);
      expect(Math.abs(run.hedgeRate - (1 - q))).toBeLessThanOrEqual(rateErr);

      const rankErr = Z * Math.sqrt(n * 0.99 * 0.01);
      const p99Lo = run.sortedT[Math.floor(n * 0.99 - rankErr) - 1];
      const p99Hi = run.sortedT[Math.ceil(n * 0.99 + rankErr) - 1];
      // A learnt τ below the truth shortens T's tail, one above lengthens it.
      expect(exactQuantileOfT(0.99, tauHi, c.sigma)).toBeGreaterThanOrEqual(p99Lo);
      expect(exactQuantileOfT(0.99, tauLo, c.sigma)).toBeLessThanOrEqual(p99Hi);
      // The interval is tight enough to matter: hedging below p99 pulls T's p99 under X's.
      if (c.percentile < 99) expect(quantileOfX(0.99, c.sigma)).toBeGreaterThan(p99Hi);
      console.log(
        `hedging theory σ=${c.sigma} p${c.percentile} ${c.basis}: τ learnt mean ${meanTau.toFixed(1)} ms vs true ${tauTrue.toFixed(1)} ms ` +
          `[${tauLo.toFixed(1)}, ${tauHi.toFixed(1)}]; hedge rate ${(run.hedgeRate * 100).toFixed(2)}% vs ${((1 - q) * 100).toFixed(0)}%; ` +
          `p99(T) sim ${run.sortedT[Math.ceil(n * 0.99) - 1].toFixed(1)} [${p99Lo.toFixed(1)}, ${p99Hi.toFixed(1)}] vs exact ${exactQuantileOfT(0.99, tauTrue, c.sigma).toFixed(1)} ms`,
      );
    }, 60_000);
  }
});
