import { describe, expect, it } from 'vitest';
import {
  ewmaLatencyLoad,
  headroomFraction,
  inFlightLoad,
  msPerOutputTokenLoad,
  peakEwmaCostLoad,
  requestCostLoad,
  usageLoad,
} from './load-metrics.js';
import { makeCandidate, makeDeployment, makeRequest } from './test-fixtures.js';

const req = makeRequest({ inputTokens: 1_000, expectedOutputTokens: 0 });

describe('load metrics', () => {
  it('inFlight and EWMA latency (unknown → the given default)', () => {
    const c = makeCandidate(makeDeployment('a/m'), { inFlight: 7, ewmaLatencyMs: 250 });
    expect(inFlightLoad(c, req)).toBe(7);
    expect(ewmaLatencyLoad(0)(c)).toBe(250);
    expect(ewmaLatencyLoad(123)(makeCandidate(makeDeployment('b/m')))).toBe(123);
  });

  it('peak EWMA cost = latency × (inFlight + 1), unknown latency → default', () => {
    const known = makeCandidate(makeDeployment('a/m'), { inFlight: 3, peakEwmaLatencyMs: 200 });
    const unknown = makeCandidate(makeDeployment('b/m'), { inFlight: 1 });
    expect(peakEwmaCostLoad(1_000)(known, req)).toBe(800);
    expect(peakEwmaCostLoad(1_000)(unknown, req)).toBe(2_000);
  });

  it('request cost uses the request-cost estimator', () => {
    const c = makeCandidate(makeDeployment('a/m', { inputUsdPerMTok: 5 }));
    expect(requestCostLoad(1.3)(c, req)).toBeCloseTo(0.005, 15);
  });

  it('headroom is the tightest of rpm and tpm, 1 without limits, clamped at 0', () => {
    const both = makeCandidate(makeDeployment('a/m', { rpmLimit: 100, tpmLimit: 10_000 }), {
      minuteRequests: 50,
      minuteTokens: 1_000,
    });
    expect(headroomFraction(both)).toBeCloseTo(0.5, 12);
    expect(usageLoad(both, req)).toBeCloseTo(0.5, 12);
    const tpmBound = makeCandidate(makeDeployment('b/m', { rpmLimit: 100, tpmLimit: 10_000 }), {
      minuteRequests: 10,
      minuteTokens: 7_500,
    });
    expect(headroomFraction(tpmBound)).toBeCloseTo(0.25, 12);
    expect(headroomFraction(makeCandidate(makeDeployment('c/m'), { minuteRequests: 1e6 }))).toBe(1);
    const over = makeCandidate(makeDeployment('d/m', { rpmLimit: 10 }), { minuteRequests: 15 });
    expect(headroomFraction(over)).toBe(0);
  });

  it('ms per output token (unknown → default)', () => {
    expect(msPerOutputTokenLoad(9)(makeCandidate(makeDeployment('a/m'), { msPerOutputToken: 20 }), req)).toBe(20);
    expect(msPerOutputTokenLoad(9)(makeCandidate(makeDeployment('a/m')), req)).toBe(9);
  });
});
