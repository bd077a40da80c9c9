import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { TokenBucket } from '../../sim/world/token-bucket.js';
import type { LoggedAttempt } from '../logs/logged-request.js';
import { inferRateLimits } from './infer-rate-limits.js';

/**
 * Attempts metered by routesim's own TokenBucket at a known limit, logged as a gateway logs
 * them: an admitted attempt with its output tokens, a refused one with none (its charge is
 * then unknown to the inference). Poisson arrivals at `ratePerS` for `minutes`; input and
 * output tokens lognormal-ish (exp of a uniform spread), so small and large requests mix.
 */
function meteredLog(kind: 'rpm' | 'tpm', limitPerMin: number, ratePerS: number, minutes: number, seed: string): LoggedAttempt[] {
  const rng = createRng(seed);
  const bucket = new TokenBucket(limitPerMin, limitPerMin / 60_000);
  const out: LoggedAttempt[] = [];
  let tMs = 0;
  while ((tMs += (-Math.log(1 - rng.next()) / ratePerS) * 1000) < minutes * 60_000) {
    const inputTokens = Math.round(Math.exp(4 + 3 * rng.next()));
    const outputTokens = Math.round(Math.exp(3 + 2.5 * rng.next()));
    const ok = bucket.tryTake(kind === 'rpm' ? 1 : inputTokens + outputTokens, tMs).ok;
    out.push({
      deployment: 'p/m', provider: 'p', startMs: tMs, ttftMs: null, latencyMs: 1, outcome: ok ? 'success' : 'rate-limited',
      statusCode: ok ? 200 : 429, retryAfterMs: null, inputTokens, outputTokens: ok ? outputTokens : 0, costUsd: 0, hedge: false,
    });
  }
  return out;
}

describe('inferRateLimits', () => {
  // Seeds are fixed: each case is one deterministic log; the bounds are what the replay can
  // resolve (one request's cost over the saturated minutes), not luck.
  it.each([
    ['tpm', 30_000, 5, 'a'],
    ['tpm', 240_000, 40, 'b'],
    ['rpm', 180, 6, 'c'],
    ['rpm', 1_000, 30, 'd'],
  ] as const)('reads a %s limit of %d (offered %d/s for ten minutes) within 0.5%%, and not the other kind', (kind, limit, ratePerS, seed) => {
    const r = inferRateLimits(meteredLog(kind, limit, ratePerS, 10, seed));
    const est = r[kind]!;
    expect(Math.abs(est.perMinute - limit) / limit).toBeLessThan(0.005);
    expect(est.lo).toBeLessThanOrEqual(est.perMinute);
    expect(r[kind === 'rpm' ? 'tpm' : 'rpm']).toBeUndefined();
  });

  it('finds a peak narrower than the coarse 1% step (a long saturated log of a large limit)', () => {
    // Over 30 saturated minutes of 240,000 TPM, a limit 0.3% off leaves the replayed bucket
    // ~20,000 tokens astray: the agreement peak is far narrower than 1%.
    const r = inferRateLimits(meteredLog('tpm', 240_000, 40, 30, 'e'));
    expect(Math.abs(r.tpm!.perMinute - 240_000) / 240_000).toBeLessThan(0.001);
  });

  it('says there is no limit to read when nothing was refused', () => {
    const r = inferRateLimits(meteredLog('tpm', 1e9, 5, 5, 'f'));
    expect(r.rpm).toBeUndefined();
    expect(r.tpm).toBeUndefined();
    expect(r.note).toMatch(/^no 429s in \d+ attempts/);
  });
});
