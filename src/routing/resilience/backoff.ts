/**
 * Exponential backoff with full jitter (AWS architecture blog): the n-th retry waits a
 * uniform time in [0, min(cap, base × 2^(n−1))). Full jitter spreads synchronized clients
 * apart better than equal or decorrelated jitter for the same mean.
 */
import type { Rng } from '../../core/ports.js';
import type { RetryConfig } from '../../config/router-schema.js';

/** Exponents beyond this already exceed any finite cap; avoids 0 × Infinity = NaN. */
const MAX_EXPONENT = 1000;

/**
 * Always consumes exactly one draw from `rng`, so streams stay aligned across configs.
 * Whole milliseconds in [1, ceiling) (0 when the ceiling is at most 1 ms): wall-clock timers have 1 ms
 * resolution (and run a 0 ms timer after 1 ms), so whole-ms delays make the router's timing
 * identical on the simulator and live (test/router-real-scheduler.test.ts).
 */
export function backoffDelayMs(retryNumber: number, rng: Rng, baseMs: number, capMs: number): number {
  if (!Number.isInteger(retryNumber) || retryNumber < 1) {
    throw new RangeError(`backoffDelayMs: retryNumber is 1-based, got ${retryNumber}`);
  }
  if (!(baseMs >= 0) || !(capMs >= 0)) throw new RangeError(`backoffDelayMs: baseMs and capMs must be >= 0, got ${baseMs}, ${capMs}`);
  const ceilingMs = Math.min(capMs, baseMs * 2 ** Math.min(retryNumber - 1, MAX_EXPONENT));
  const u = rng.next();
  return ceilingMs > 1 ? Math.max(1, Math.floor(u * ceilingMs)) : 0;
}

/** Backoff that also honours a server's Retry-After hint: never retry sooner than asked. */
export function retryDelayMs(
  retryNumber: number,
  rng: Rng,
  cfg: Pick<RetryConfig, 'baseBackoffMs' | 'maxBackoffMs'>,
  retryAfterMs?: number,
): number {
  const jitteredMs = backoffDelayMs(retryNumber, rng, cfg.baseBackoffMs, cfg.maxBackoffMs);
  return Math.max(jitteredMs, retryAfterMs ?? 0);
}
