import type { XDef } from './charts/vl-types.js';

/** Picks a readable unit for simulated-time axes so a 30-minute and a 2-day run both read well. */
export interface TimeUnit {
  /** Divide seconds by this to get axis values. */
  readonly seconds: number;
  /** Short label used in axis titles: "time (min)". */
  readonly label: 's' | 'min' | 'h';
}

export function timeUnitFor(durationS: number): TimeUnit {
  if (durationS >= 3 * 3600) return { seconds: 3600, label: 'h' };
  if (durationS >= 180) return { seconds: 60, label: 'min' };
  return { seconds: 1, label: 's' };
}

/** Rounds to 6 significant decimals so chart data (and the SVG) stays short and stable. */
export function toUnit(seconds: number, unit: TimeUnit): number {
  return Math.round((seconds / unit.seconds) * 1e6) / 1e6;
}

function timeAxisTitle(unit: TimeUnit): string {
  return `simulated time (${unit.label})`;
}

/** The x encoding of a simulated-time axis over the whole run, on `field`. */
export function timeAxis(unit: TimeUnit, durationS: number, field = 't'): XDef {
  return { field, type: 'quantitative', title: timeAxisTitle(unit), scale: { domain: [0, toUnit(durationS, unit)], nice: false } };
}
