import { LabUsageError } from '../errors.js';

/**
 * `--thresholds` and `--noise` values: `start:end:step` (end included when the steps land on
 * it, e.g. 0:1:0.05 → 21 values) or a comma-separated list. Grid values are rounded to 1e-9 so
 * 0.1 + 0.2 prints as 0.3; the result is sorted and without duplicates.
 */
const MAX_VALUES = 1001;

export function parseGrid(text: string, what: string, range: { min: number; max: number }): number[] {
  const t = text.trim();
  let values: number[];
  const range3 = /^([^:]+):([^:]+):([^:]+)$/.exec(t);
  if (range3) {
    const [start, end, step] = range3.slice(1).map((x) => toNumber(x, what, text));
    if (!(step > 0)) throw new LabUsageError(`--${what} ${text}: the step must be > 0`);
    if (end < start) throw new LabUsageError(`--${what} ${text}: the end must be ≥ the start`);
    const count = Math.floor((end - start) / step + 1e-9) + 1;
    if (count > MAX_VALUES) throw new LabUsageError(`--${what} ${text}: ${count} values; at most ${MAX_VALUES}`);
    values = Array.from({ length: count }, (_, i) => round(start + i * step));
  } else {
    values = t.split(',').map((x) => toNumber(x, what, text));
  }
  for (const v of values) {
    if (v < range.min || v > range.max) throw new LabUsageError(`--${what} ${text}: ${v} is outside [${range.min}, ${range.max}]`);
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

export function parseThresholds(text: string): number[] {
  return parseGrid(text, 'thresholds', { min: 0, max: 1 });
}

export function parseNoises(text: string): number[] {
  return parseGrid(text, 'noise', { min: 0, max: 1e6 });
}

function toNumber(x: string, what: string, text: string): number {
  const s = x.trim();
  const v = s === '' ? NaN : Number(s);
  if (!Number.isFinite(v)) throw new LabUsageError(`--${what} ${text}: '${s}' is not a number (use start:end:step or a,b,c)`);
  return v;
}

function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
