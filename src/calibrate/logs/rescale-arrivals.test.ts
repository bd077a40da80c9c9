import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LoggedAttempt, LoggedRequest } from './logged-request.js';
import { rescaleArrivals } from './rescale-arrivals.js';

const attempt = (startMs: number): LoggedAttempt => ({
  deployment: 'p/m', provider: 'p', startMs, ttftMs: null, latencyMs: 5, outcome: 'success', statusCode: 200, retryAfterMs: null,
  inputTokens: 1, outputTokens: 1, costUsd: 0, hedge: false,
});

const request = (startMs: number, offsetsMs: readonly number[]): LoggedRequest => ({
  startMs, model: 'm', stream: true, tenant: null, clientHash: null, inputTokens: 1, outputTokens: 1, ttftMs: null, latencyMs: 5,
  ok: true, outcome: 'success', costUsd: 0, attempts: offsetsMs.map((o) => attempt(startMs + o)),
});

describe('rescaleArrivals', () => {
  it('stretches every gap between arrivals by k around the first, keeps attempts at their offsets (scenario ms already) and every duration', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 3 })), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }), fc.constantFrom(2, 10, 20, 0.5),
        (rows, t0, k) => {
          let at = t0;
          const log = rows.map(([gap, offsets]) => request((at += gap), offsets));
          const out = rescaleArrivals(log, k);
          out.forEach((r, i) => {
            expect(r.startMs).toBe(t0 + rows[0][0] + (log[i].startMs - log[0].startMs) * k);
            expect(r.attempts.map((a) => a.startMs - r.startMs)).toEqual(log[i].attempts.map((a) => a.startMs - log[i].startMs));
            expect(r.latencyMs).toBe(log[i].latencyMs);
          });
        },
      ),
    );
  });

  it('k = 1 is the identity', () => {
    const log = [request(1000, [0, 30]), request(1500, [0])];
    expect(rescaleArrivals(log, 1)).toEqual(log);
  });
});
