import type { SampleFit } from '../fit-candidates.js';
import { roundSignificant } from '../sample-quantiles.js';
import type { ParamInterval } from '../infer/param-intervals.js';

/** "lognormal (KS D 0.041, p 0.93)" or "empirical (best lognormal rejected: KS D 0.2, p 1e-6)". */
export function describeChoice(fit: SampleFit): string {
  const b = fit.best;
  if (b === undefined) return 'empirical (no family could be fitted)';
  const ks = `KS D ${roundSignificant(b.ks!.d, 2)}, p ${formatP(b.ks!.pValue)}`;
  return fit.recommended === 'parametric' ? `${b.family} (${ks})` : `empirical (best family ${b.family} rejected: ${ks})`;
}

export function formatP(p: number): string {
  if (p >= 0.001) return String(roundSignificant(p, 2));
  return p < 1e-99 ? '<1e-99' : p.toExponential(0);
}

/** Parameters as `mu=5.43 sigma=0.21`. */
export function formatParams(params: Readonly<Record<string, number>>): string {
  return Object.entries(params).map(([k, v]) => `${k}=${roundSignificant(v, 4)}`).join(' ');
}

/** A duration in seconds, readable: 45 s, 12 min, 3.5 h, 2.1 d. */
export function formatDurationS(s: number): string {
  if (!Number.isFinite(s)) return '–';
  if (s < 120) return `${roundSignificant(s, 3)} s`;
  if (s < 7200) return `${roundSignificant(s / 60, 3)} min`;
  if (s < 172_800) return `${roundSignificant(s / 3600, 3)} h`;
  return `${roundSignificant(s / 86_400, 3)} d`;
}

/** `; 99% bootstrap CI mu 6.2–6.3, sigma 0.48–0.52` (empty without intervals). */
export function describeIntervals(iv: Record<string, ParamInterval> | undefined): string {
  if (iv === undefined) return '';
  return '; 99% bootstrap CI ' + Object.entries(iv).map(([k, v]) => `${k} ${roundSignificant(v.lo, 3)}–${roundSignificant(v.hi, 3)}`).join(', ');
}

/** A value to three significant digits, and a fraction as a percentage so (for comments). */
export const r3 = (x: number): number => roundSignificant(x, 3);
export const pct = (x: number): string => `${r3(100 * x)}%`;
