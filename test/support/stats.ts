import { mean, sampleStandardDeviation } from 'simple-statistics';

/** Two-sided Student-t quantiles for the confidence levels the tests use. */
const T_TABLE: Record<number, Record<number, number>> = {
  0.95: { 1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 14: 2.145, 15: 2.131, 19: 2.093, 20: 2.086, 24: 2.064, 29: 2.045, 30: 2.042, 39: 2.023 },
  0.999: { 1: 636.62, 2: 31.599, 3: 12.924, 4: 8.61, 5: 6.869, 6: 5.959, 7: 5.408, 8: 5.041, 9: 4.781, 10: 4.587, 11: 4.437, 12: 4.318, 14: 4.14, 15: 4.073, 19: 3.883, 20: 3.85, 24: 3.745, 29: 3.659, 30: 3.646, 39: 3.558 },
  0.99: { 1: 63.657, 2: 9.925, 3: 5.841, 4: 4.604, 5: 4.032, 6: 3.707, 7: 3.499, 8: 3.355, 9: 3.25, 10: 3.169, 11: 3.106, 12: 3.055, 14: 2.977, 15: 2.947, 19: 2.861, 20: 2.845, 24: 2.797, 29: 2.756, 30: 2.75, 39: 2.708 },
};

export type Level = 0.95 | 0.99 | 0.999;

export function tQuantile(level: Level, df: number): number {
  const row = T_TABLE[level];
  if (row[df] !== undefined) return row[df];
  const keys = Object.keys(row).map(Number).sort((a, b) => a - b);
  const above = keys.find((k) => k >= df);
  return above !== undefined ? row[above] : { 0.95: 1.96, 0.99: 2.576, 0.999: 3.291 }[level];
}

export interface Ci {
  mean: number;
  lo: number;
  hi: number;
  halfWidth: number;
}

/** Student-t confidence interval of the mean of independent replication results. */
/**
 * FAMILY_LEVEL: the theory suites check about a dozen intervals; each uses 99.9% so that the
 * whole family holds with ≥ 99% probability (Bonferroni) — a correct simulator then fails a
 * run of the suite less than 1% of the time, whatever random streams a change produces.
 */
export const FAMILY_LEVEL: Level = 0.999;

export function confidenceInterval(xs: number[], level: Level = FAMILY_LEVEL): Ci {
  const m = mean(xs);
  const half = (tQuantile(level, xs.length - 1) * sampleStandardDeviation(xs)) / Math.sqrt(xs.length);
  return { mean: m, lo: m - half, hi: m + half, halfWidth: half };
}
