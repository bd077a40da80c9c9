/** Chart 3: per-bucket success rate over time per strategy, incident windows shaded (replication 1). */
import type { CompareSummary } from '../../lab/compare-summary.js';
import { CHART_CONFIG, INCIDENT_FILL, INCIDENT_TEXT, VEGA_LITE_SCHEMA } from '../chart-theme.js';
import { MUTED_COLOR, rankedStrategies, strategyColorScale } from '../strategy-order.js';
import { timeAxis, timeUnitFor, toUnit } from '../time-axis.js';
import type { Chart } from './chart.js';
import { incidentWindows } from './incident-windows.js';

export function successOverTimeChart(summary: CompareSummary): Chart {
  const unit = timeUnitFor(summary.scenario.durationS);
  const bucketS = summary.scenario.bucketS;
  const rows = rankedStrategies(summary).flatMap((s) =>
    s.sample.timeseries.flatMap((b) => {
      const completed = b.successes + b.failures;
      // A bucket where nothing completed has no success rate, not a 0% one.
      if (!(completed > 0)) return [];
      return [{ strategy: s.strategy, t: toUnit(b.tS + bucketS / 2, unit), successRate: b.successes / completed, completed }];
    }));
  const x = timeAxis(unit, summary.scenario.durationS);
  const colors = strategyColorScale(summary);
  const muted = new Set(colors.domain.filter((_, i) => colors.range[i] === MUTED_COLOR));
  const windows = incidentWindows(summary, unit);
  const title = 'Success rate over time';
  return {
    name: 'success-over-time',
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: title, subtitle: `Share of requests completed in each ${bucketS} s bucket that succeeded, replication 1. Shaded: injected incidents.`, offset: 20 },
      width: 640,
      height: 300,
      layer: [
        {
          data: { values: windows },
          mark: { type: 'rect', color: INCIDENT_FILL, opacity: 0.7 },
          encoding: { x: { ...x, field: 'start' }, x2: { field: 'end' } },
        },
        {
          data: { values: windows },
          // Above the plot: inside it the labels would sit on the lines, which hug 100%.
          mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 1, dy: -3, color: INCIDENT_TEXT, fontSize: 10 },
          encoding: { x: { ...x, field: 'start' }, y: { value: 0 }, text: { field: 'label', type: 'nominal' } },
        },
        // Grey strategies first, coloured ones over them: the highlighted lines must never hide under grey.
        ...[true, false].map((grey) => ({
          data: { values: rows.filter((r) => muted.has(r.strategy) === grey) },
          mark: { type: 'line' as const, point: { size: 18, filled: true }, interpolate: 'linear' as const },
          encoding: {
            x,
            y: { field: 'successRate', type: 'quantitative' as const, title: 'success rate per bucket', scale: { zero: false, nice: true }, axis: { format: '.1%' } },
            color: { field: 'strategy', type: 'nominal' as const, scale: colors, title: 'strategy' },
            tooltip: [
              { field: 'strategy', type: 'nominal' as const },
              { field: 't', type: 'quantitative' as const, title: `bucket middle (${unit.label})`, format: ',.1f' },
              { field: 'successRate', type: 'quantitative' as const, format: '.2%', title: 'success rate' },
              { field: 'completed', type: 'quantitative' as const, title: 'requests completed' },
            ],
          },
        })).filter((layer) => layer.data.values.length > 0),
      ],
      config: CHART_CONFIG,
    },
  };
}
