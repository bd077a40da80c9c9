/**
 * Calibration's inference against known truth, over many random truths: a token bucket at a
 * random RPM (or TPM) under a random overload is read back within 10%, through an outage too; a hard outage at a
 * random time (ending before the log does) under a random background error rate and traffic rate is found within a minute
 * at both ends, and nothing else is called an outage.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inferOutages } from '../../src/calibrate/infer/infer-outages.js';
import { inferRateLimits } from '../../src/calibrate/infer/infer-rate-limits.js';
import type { LoggedAttempt } from '../../src/calibrate/logs/logged-request.js';
import { createRng } from '../../src/core/rng.js';
import { TokenBucket } from '../../src/sim/world/token-bucket.js';
import { PROPERTY_TIMEOUT_MS, runs } from './runs.js';

const attempt = (startMs: number, outcome: string, inputTokens = 500, outputTokens = 100): LoggedAttempt => ({
  deployment: 'p/m', provider: 'p', startMs, ttftMs: null, latencyMs: 1, outcome, statusCode: null, retryAfterMs: null,
  inputTokens, outputTokens, costUsd: 0, hedge: false,
});

/**
 * Poisson arrivals for `durationS` at `ratePerS`, each through the buckets; during `down` the
 * provider refuses connections before its limiter (as routesim's and real ones do).
 */
function limited(seed: number, ratePerS: number, durationS: number, rpm: number | undefined, tpm: number | undefined, down?: { startS: number; endS: number }): LoggedAttempt[] {
  const rng = createRng(`limits-${seed}`);
  const r = rpm === undefined ? undefined : new TokenBucket(rpm, rpm / 60_000);
  const t = tpm === undefined ? undefined : new TokenBucket(tpm, tpm / 60_000);
  const out: LoggedAttempt[] = [];
  for (let s = 0; ; ) {
    s += -Math.log(1 - rng.next()) / ratePerS;
    if (s >= durationS) break;
    const ms = s * 1000;
    const input = 100 + rng.int(2000);
    const output = 20 + rng.int(500);
    if (down !== undefined && s >= down.startS && s < down.endS) {
      out.push(attempt(ms, 'connection-error', input, 0));
      continue;
    }
    const ok = (r === undefined || r.tryTake(1, ms).ok) && (t === undefined || t.tryTake(input + output, ms).ok);
    out.push(attempt(ms, ok ? 'success' : 'rate-limited', input, output));
  }
  return out;
}

describe('calibrate inference (properties)', () => {
  it('an RPM limit under 1.5–4× overload is read within 10%, and no TPM (100 runs)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 30, max: 600 }), fc.double({ min: 1.5, max: 4, noNaN: true }), fc.nat(), (rpm, overload, seed) => {
        const inf = inferRateLimits(limited(seed, (overload * rpm) / 60, 600, rpm, undefined));
        expect(inf.tpm).toBeUndefined();
        expect(Math.abs(inf.rpm!.perMinute - rpm) / rpm).toBeLessThan(0.1);
      }),
      { numRuns: runs(100) },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('a TPM limit under 1.5–4× overload is read within 10%, and no RPM (100 runs)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 50_000, max: 1_000_000 }), fc.double({ min: 1.5, max: 4, noNaN: true }), fc.nat(), (tpm, overload, seed) => {
        // Mean request: 1,050 input + 270 output tokens.
        const inf = inferRateLimits(limited(seed, (overload * tpm) / 60 / 1320, 600, undefined, tpm));
        expect(inf.rpm).toBeUndefined();
        expect(Math.abs(inf.tpm!.perMinute - tpm) / tpm).toBeLessThan(0.1);
      }),
      { numRuns: runs(100) },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('a TPM limit is read within 10% through an outage of refused connections, which never reached the limiter (100 runs)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 50_000, max: 1_000_000 }), fc.double({ min: 1.5, max: 4, noNaN: true }), fc.integer({ min: 60, max: 400 }), fc.integer({ min: 30, max: 120 }), fc.nat(), (tpm, overload, startS, lengthS, seed) => {
        const inf = inferRateLimits(limited(seed, (overload * tpm) / 60 / 1320, 600, undefined, tpm, { startS, endS: startS + lengthS }));
        expect(inf.rpm).toBeUndefined();
        expect(Math.abs(inf.tpm!.perMinute - tpm) / tpm).toBeLessThan(0.1);
      }),
      { numRuns: runs(100) },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('no 429s: no limit, and the note gives the peak (50 runs)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 20, noNaN: true }), fc.nat(), (rate, seed) => {
        const inf = inferRateLimits(limited(seed, rate, 300, undefined, undefined));
        expect(inf.rpm ?? inf.tpm).toBeUndefined();
        expect(inf.note).toMatch(/^no 429s in \d+ attempts/);
      }),
      { numRuns: runs(50) },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('a hard outage is found within a minute at both ends, and nothing else (100 runs)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 300, max: 2600 }), fc.integer({ min: 60, max: 900 }), fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.double({ min: 0.2, max: 10, noNaN: true }), fc.nat(),
        (startS, durationS, background, ratePerS, seed) => {
          const rng = createRng(`outage-${seed}`);
          const list: LoggedAttempt[] = [];
          for (let s = 0; ; ) {
            s += -Math.log(1 - rng.next()) / ratePerS;
            if (s >= 3600) break;
            const down = s >= startS && s < startS + durationS;
            list.push(attempt(s * 1000, down ? 'connection-error' : rng.next() < background ? 'server-error' : 'success'));
          }
          const w = inferOutages(list).windows;
          expect(w).toHaveLength(1);
          expect(Math.abs(w[0].startMs / 1000 - startS)).toBeLessThan(60);
          expect(Math.abs(w[0].endMs / 1000 - (startS + durationS))).toBeLessThan(60);
        },
      ),
      { numRuns: runs(100) },
    );
  }, PROPERTY_TIMEOUT_MS);
});
