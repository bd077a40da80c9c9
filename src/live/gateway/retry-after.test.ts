import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationMs, retryAfterRealMs } from './retry-after.js';

const NOW_MS = Date.parse('2026-12-06T00:00:00Z');

describe('retryAfterRealMs', () => {
  it('reads each form', () => {
    expect(retryAfterRealMs({ 'retry-after-ms': '1500' }, NOW_MS)).toBe(1500);
    expect(retryAfterRealMs({ 'retry-after': '2' }, NOW_MS)).toBe(2000);
    expect(retryAfterRealMs({ 'retry-after': '0.5' }, NOW_MS)).toBe(500);
    expect(retryAfterRealMs({ 'retry-after': 'Sun, 06 Dec 2026 00:00:07 GMT' }, NOW_MS)).toBe(7000);
    expect(retryAfterRealMs({ 'retry-after': 'Sat, 05 Dec 2026 23:59:00 GMT' }, NOW_MS)).toBe(0); // a date past: retry now
    expect(retryAfterRealMs({ 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '6m0s' }, NOW_MS)).toBe(360_000);
    expect(retryAfterRealMs({ 'x-ratelimit-reset-tokens': '20ms' }, NOW_MS)).toBe(20);
    expect(retryAfterRealMs({ 'x-ratelimit-reset': '30' }, NOW_MS)).toBe(30_000);
    expect(retryAfterRealMs({ 'x-ratelimit-reset': String(NOW_MS / 1000 + 12) }, NOW_MS)).toBe(12_000);
    expect(retryAfterRealMs({}, NOW_MS)).toBeUndefined();
  });

  it('the most specific form wins and malformed values are ignored', () => {
    expect(retryAfterRealMs({ 'retry-after-ms': '250', 'retry-after': '1' }, NOW_MS)).toBe(250);
    expect(retryAfterRealMs({ 'retry-after': '1', 'x-ratelimit-reset-requests': '9s' }, NOW_MS)).toBe(1000);
    expect(retryAfterRealMs({ 'retry-after-ms': '-5', 'retry-after': 'soon' }, NOW_MS)).toBeUndefined();
    expect(retryAfterRealMs({ 'retry-after': ['3', '4'] }, NOW_MS)).toBe(3000);
  });

  it('Go-style durations sum their parts (property against the parts)', () => {
    fc.assert(
      fc.property(fc.nat(99), fc.nat(59), fc.nat(59), fc.nat(999), (h, m, s, ms) => {
        const text = `${h}h${m}m${s}s${ms}ms`;
        expect(durationMs(text)).toBeCloseTo(h * 3_600_000 + m * 60_000 + s * 1000 + ms, 6);
      }),
    );
    expect(durationMs('1.5s')).toBe(1500);
    expect(durationMs('1h2m3.5s')).toBe(3_723_500);
    expect(durationMs('5x')).toBeUndefined();
    expect(durationMs('1s junk')).toBeUndefined();
    expect(durationMs('')).toBeUndefined();
  });
});
