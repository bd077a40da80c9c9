import { describe, expect, it } from 'vitest';
import { ciParts, formatCi, formatCount, formatDelta, formatDuration, formatMs, formatPercent, formatSeconds, formatUsd, MISSING } from './format.js';
import { formatClock } from './tables/incidents-table.js';

describe('human number formatting', () => {
  it('formats fractions as percentages', () => {
    expect(formatPercent(0.99213)).toBe('99.21%');
    expect(formatPercent(1)).toBe('100.00%');
    expect(formatPercent(0.5, 0)).toBe('50%');
  });

  it('keeps about three significant digits of money', () => {
    expect(formatUsd(1.7543)).toBe('$1.75');
    expect(formatUsd(0.001749)).toBe('$0.00175');
    expect(formatUsd(0.0123)).toBe('$0.0123');
    expect(formatUsd(1234.5)).toBe('$1,235');
    expect(formatUsd(-0.5)).toBe('−$0.50');
    expect(formatUsd(0)).toBe('$0.00');
  });

  it('formats latencies in ms with thousands separators', () => {
    expect(formatMs(3464.1)).toBe('3,464 ms');
    expect(formatMs(12.34)).toBe('12.3 ms');
    expect(formatSeconds(155.23)).toBe('155 s');
    expect(formatSeconds(0.62)).toBe('0.6 s');
    expect(formatCount(155)).toBe('155');
    expect(formatCount(12.44)).toBe('12.4');
  });

  it('prints missing values (NaN, null from JSON, undefined) as a dash', () => {
    for (const v of [NaN, null, undefined, Infinity]) {
      expect(formatPercent(v)).toBe(MISSING);
      expect(formatUsd(v)).toBe(MISSING);
      expect(formatMs(v)).toBe(MISSING);
    }
    expect(formatCi('uptime', { mean: null as unknown as number, lo: NaN, hi: NaN, n: 0 })).toBe(MISSING);
  });

  it('writes mean ± half-width in the metric unit, and only the mean without an interval', () => {
    expect(formatCi('uptime', { mean: 0.9688, lo: 0.9597, hi: 0.9779, n: 5 })).toBe('96.88% ± 0.91');
    expect(formatCi('costPer1kSuccessfulUsd', { mean: 2.91, lo: 2.87, hi: 2.95, n: 5 })).toBe('$2.91 ± 0.04');
    expect(formatCi('latencyP99Ms', { mean: 35716, lo: 34707, hi: 36725, n: 5 })).toBe('35,716 ms ± 1,009');
    expect(formatCi('latencyP99Ms', { mean: 35716, lo: NaN, hi: NaN, n: 1 })).toBe('35,716 ms');
    expect(formatCi('hedges', { mean: 0, lo: 0, hi: 0, n: 5 })).toBe('0 ± 0');
  });

  it('never writes ±0 for a sketch quantile: replications in one bucket show the sketch resolution', () => {
    // Every replication reported 3,828 ms: the true values lie anywhere within α of it.
    expect(formatCi('latencyP50Ms', { mean: 3828, lo: 3828, hi: 3828, n: 3 })).toBe('3,828 ms ± 38 (sketch)');
    expect(ciParts('latencyAllP99Ms', { mean: 42205, lo: 42205, hi: 42205, n: 5 }, 0.001)).toEqual({ mean: '42,205 ms', halfWidth: '42 (sketch)' });
    // Narrower than the resolution but not zero: still the resolution.
    expect(formatCi('ttftP50Ms', { mean: 300, lo: 299, hi: 301, n: 5 })).toBe('300 ms ± 3 (sketch)');
    // Wider than the resolution: the replications' interval as usual.
    expect(formatCi('latencyP99Ms', { mean: 35716, lo: 34707, hi: 36725, n: 5 })).toBe('35,716 ms ± 1,009');
    // Not a sketch quantile (a mean): an exact ±0 stays.
    expect(formatCi('latencyMeanMs', { mean: 3000, lo: 3000, hi: 3000, n: 5 })).toBe('3,000 ms ± 0');
  });

  it('signs differences and uses percentage points for fractions', () => {
    expect(formatDelta('uptime', 0.0083)).toBe('+0.83 pp');
    expect(formatDelta('costPer1kSuccessfulUsd', -0.12)).toBe('−$0.12');
    expect(formatDelta('latencyP99Ms', 320)).toBe('+320 ms');
    expect(formatDelta('retries', 0)).toBe('±0');
  });

  it('formats durations and simulated clock times', () => {
    expect(formatDuration(1800)).toBe('30 min');
    expect(formatDuration(5400)).toBe('1 h 30 min');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatClock(600)).toBe('10:00');
    expect(formatClock(3725)).toBe('1:02:05');
    expect(formatClock(59.6)).toBe('1:00');
  });
});
