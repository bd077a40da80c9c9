/**
 * Human formatting for report tables: %, $, ms, counts. Missing values (NaN, null from a
 * JSON round trip, undefined) print as an em dash rather than "NaN".
 */
import { DEFAULT_SKETCH_RELATIVE_ERROR, type MetricCi, type MetricName } from '../lab/compare-summary.js';
import { isSketchQuantile, METRICS } from '../lab/compare-summary.js';

export const MISSING = '—';
const MINUS = '−';

export function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function grouped(x: number, decimals: number): string {
  return x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** 0.99213 → "99.21%". */
export function formatPercent(fraction: unknown, decimals = 2): string {
  return isFiniteNumber(fraction) ? `${(fraction * 100).toFixed(decimals)}%` : MISSING;
}

/** Cents from $0.10 up (no decimals from $100); below that, about three significant digits. */
function usdDecimals(abs: number): number {
  if (abs >= 100) return 0;
  if (abs >= 0.1 || abs === 0) return 2;
  return 2 - Math.floor(Math.log10(abs));
}

/** 1.7543 → "$1.75", 0.001749 → "$0.00175", 1234.5 → "$1,235". */
export function formatUsd(usd: unknown): string {
  if (!isFiniteNumber(usd)) return MISSING;
  const sign = usd < 0 ? MINUS : '';
  return `${sign}$${grouped(Math.abs(usd), usdDecimals(Math.abs(usd)))}`;
}

/** 3464.1 → "3,464 ms", 12.34 → "12.3 ms". */
export function formatMs(ms: unknown): string {
  if (!isFiniteNumber(ms)) return MISSING;
  return `${grouped(ms, Math.abs(ms) >= 100 ? 0 : 1)} ms`;
}

/** 155.23 → "155.2 s". */
export function formatSeconds(s: unknown): string {
  return isFiniteNumber(s) ? `${grouped(s, Math.abs(s) >= 100 ? 0 : 1)} s` : MISSING;
}

/** Per-run counts averaged over replications: 155 → "155", 12.4 → "12.4". */
export function formatCount(n: unknown): string {
  if (!isFiniteNumber(n)) return MISSING;
  return grouped(n, Number.isInteger(n) || Math.abs(n) >= 100 ? 0 : 1);
}

/** Formats one value of a metric in its own unit. */
export function formatMetric(metric: MetricName, value: unknown): string {
  switch (METRICS[metric].unit) {
    case 'fraction': return formatPercent(value);
    case 'USD': return formatUsd(value);
    case 'ms': return formatMs(value);
    case 's': return formatSeconds(value);
    case 'count': return formatCount(value);
  }
}

/** The ± part, in the metric's unit without the symbol: "0.15", "0.031", "52". */
function formatHalfWidth(metric: MetricName, hw: number, mean: number): string {
  switch (METRICS[metric].unit) {
    case 'fraction': return (hw * 100).toFixed(2);
    case 'USD': return grouped(hw, usdDecimals(Math.max(Math.abs(mean), hw)));
    case 'ms':
    case 's':
    case 'count': return grouped(hw, Math.abs(mean) >= 100 ? 0 : 1);
  }
}

/**
 * Mean and ± half-width as separate strings; `halfWidth` is absent when the interval is missing
 * or degenerate (n < 2). A sketch quantile is known only to the sketch's relative error: when
 * the replications' interval is narrower (typically ±0, all landing in one bucket), the
 * half-width shown is the sketch's resolution, marked "(sketch)", never a false ±0.
 */
export function ciParts(metric: MetricName, ci: MetricCi | undefined, sketchRelativeError = DEFAULT_SKETCH_RELATIVE_ERROR): { mean: string; halfWidth?: string } {
  if (!ci || !isFiniteNumber(ci.mean)) return { mean: MISSING };
  const mean = formatMetric(metric, ci.mean);
  if (!isFiniteNumber(ci.lo) || !isFiniteNumber(ci.hi) || ci.n < 2) return { mean };
  const hw = (ci.hi - ci.lo) / 2;
  const resolution = sketchResolution(metric, ci.mean, sketchRelativeError);
  if (resolution !== undefined && hw < resolution) return { mean, halfWidth: `${formatHalfWidth(metric, resolution, ci.mean)} (sketch)` };
  return { mean, halfWidth: hw === 0 ? '0' : formatHalfWidth(metric, hw, ci.mean) };
}

/** α·|mean| for a sketch quantile, else undefined. */
export function sketchResolution(metric: MetricName, mean: number, sketchRelativeError: number): number | undefined {
  return isSketchQuantile(metric) ? sketchRelativeError * Math.abs(mean) : undefined;
}

/** "99.21% ± 0.15"; just the mean when the interval is missing or degenerate. */
export function formatCi(metric: MetricName, ci: MetricCi | undefined): string {
  const { mean, halfWidth } = ciParts(metric, ci);
  return halfWidth === undefined ? mean : `${mean} ± ${halfWidth}`;
}

/** A signed difference in the metric's unit: "+0.83 pp", "−$0.12", "+320 ms". */
export function formatDelta(metric: MetricName, diff: unknown): string {
  if (!isFiniteNumber(diff)) return MISSING;
  const sign = diff > 0 ? '+' : diff < 0 ? MINUS : '±';
  const abs = Math.abs(diff);
  switch (METRICS[metric].unit) {
    case 'fraction': return `${sign}${(abs * 100).toFixed(2)} pp`;
    case 'USD': return `${sign}${formatUsd(abs)}`;
    case 'ms': return `${sign}${formatMs(abs)}`;
    case 's': return `${sign}${formatSeconds(abs)}`;
    case 'count': return `${sign}${formatCount(abs)}`;
  }
}

/** 1800 → "30 min", 5400 → "1 h 30 min", 45 → "45 s". */
export function formatDuration(seconds: number): string {
  if (!isFiniteNumber(seconds)) return MISSING;
  if (seconds < 120) return `${grouped(seconds, Number.isInteger(seconds) ? 0 : 1)} s`;
  const totalMin = Math.round(seconds / 60);
  const h = Math.floor(totalMin / 60);
  const min = totalMin % 60;
  if (h === 0) return `${min} min`;
  return min === 0 ? `${h} h` : `${h} h ${min} min`;
}

/** "5 replications", "1 replication". */
export function replicationsText(n: number): string {
  return `${n} replication${n === 1 ? '' : 's'}`;
}
