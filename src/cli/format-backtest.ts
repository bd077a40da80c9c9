import type { BacktestRow } from '../calibrate/backtest/backtest-table.js';
import { roundSignificant } from '../calibrate/sample-quantiles.js';
import { renderTable } from './table.js';

/** The backtest's simulated-vs-observed rows as a text table (metric, both values, difference, tolerance, agree). */
export function formatBacktestTable(rows: readonly BacktestRow[]): string {
  const fmt = (x: number) => String(roundSignificant(x, 4));
  return renderTable(
    ['metric', 'observed', 'simulated', 'diff', 'tolerance', 'agree'],
    rows.map((r) => [
      r.metric,
      fmt(r.observed),
      fmt(r.simulated),
      r.kind === 'abs' ? fmt(r.simulated - r.observed) : r.observed === 0 ? '–' : `${fmt((100 * (r.simulated - r.observed)) / r.observed)}%`,
      r.kind === 'abs' ? `±${fmt(r.tolerance)}` : `±${fmt(100 * r.tolerance)}%`,
      r.ok ? 'ok' : 'OUT',
    ]),
  );
}
