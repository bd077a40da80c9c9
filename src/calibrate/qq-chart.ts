import { CATEGORY_COLORS, CHART_CONFIG, VEGA_LITE_SCHEMA } from '../report/chart-theme.js';
import type { Chart } from '../report/charts/chart.js';
import type { SampleFit } from './fit-candidates.js';

/**
 * Quantile–quantile chart of one fitted sample: for every fitted family, the observed order
 * statistics against the family's quantiles at the plotting positions (i − ½)/n. Points on
 * the diagonal mean the family describes the data; a bend at the right end is a tail the
 * family gets wrong. Large samples are thinned to `maxPoints` evenly spaced order statistics.
 */
export function qqChart(name: string, title: string, unit: string, fit: SampleFit, sample: readonly number[], maxPoints = 400): Chart {
  return qqChartSorted(name, title, unit, fit, [...sample].sort((a, b) => a - b), maxPoints);
}

/** qqChart of a sample already in ascending order, such as the fit's own `sorted`. */
export function qqChartSorted(name: string, title: string, unit: string, fit: SampleFit, sorted: readonly number[], maxPoints = 400): Chart {
  const n = sorted.length;
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const rows: { family: string; theoretical: number; observed: number }[] = [];
  const fitted = fit.candidates.filter((c) => c.fit !== undefined);
  for (const c of fitted) {
    for (let i = 0; i < n; i += step) {
      const q = c.fit!.quantile((i + 0.5) / n);
      if (Number.isFinite(q)) rows.push({ family: c.family, theoretical: q, observed: sorted[i] });
    }
  }
  const lo = sorted[0];
  const hi = sorted[n - 1];
  const families = fitted.map((c) => c.family);
  const best = fit.best?.family;
  return {
    name,
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: title, subtitle: `Q–Q plot, n = ${n}${best ? `; closest by KS: ${best}` : ''}. On the diagonal = the family fits.` },
      width: 420,
      height: 420,
      layer: [
        {
          data: { values: [{ v: lo }, { v: hi }] },
          mark: { type: 'line', color: '#888888', strokeDash: [4, 4] },
          encoding: {
            x: { field: 'v', type: 'quantitative' },
            y: { field: 'v', type: 'quantitative' },
          },
        },
        {
          data: { values: rows },
          mark: { type: 'point', filled: true, size: 18, opacity: 0.75 },
          encoding: {
            x: { field: 'theoretical', type: 'quantitative', title: `fitted quantile (${unit})`, scale: { zero: false, domain: [lo, hi], clamp: true } },
            y: { field: 'observed', type: 'quantitative', title: `observed (${unit})`, scale: { zero: false, domain: [lo, hi], clamp: true } },
            color: { field: 'family', type: 'nominal', title: 'family', scale: { domain: families, range: CATEGORY_COLORS.slice(0, families.length) } },
            tooltip: [
              { field: 'family', type: 'nominal' },
              { field: 'theoretical', type: 'quantitative', format: ',.4~g' },
              { field: 'observed', type: 'quantitative', format: ',.4~g' },
            ],
          },
        },
      ],
      config: CHART_CONFIG,
    },
  };
}
