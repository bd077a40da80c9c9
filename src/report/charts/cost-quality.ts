/**
 * The cost–quality curve of `routesim quality`: x = share of requests answered by the strong
 * (expensive) model, y = quality score. One line per predictor noise level (mean over
 * replications at each threshold, closed by the always-weak and always-strong runs), with the
 * exact random-router diagonal and oracle curve from the data as dashed references.
 */
import type { QualitySweepSummary } from '../../lab/quality/quality-summary.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from '../chart-theme.js';
import { isFiniteNumber, replicationsText } from '../format.js';
import { categoryScale } from '../strategy-order.js';
import type { Chart } from './chart.js';

export const RANDOM_LABEL = 'random router (data)';
export const ORACLE_LABEL = 'oracle (data)';

export function noiseLabel(noise: number, auc: number): string {
  return `threshold router, σ = ${noise} (AUC ${auc.toFixed(2)})`;
}

interface Row {
  readonly router: string;
  readonly reference: boolean;
  readonly order: number;
  readonly callRate: number;
  readonly score: number;
  readonly threshold: string;
}

export function costQualityChart(summary: QualitySweepSummary): Chart {
  const rows: Row[] = [];
  const sim = summary.simulated;
  for (const curve of summary.curves) {
    const router = noiseLabel(curve.noise, curve.predictorAuc);
    const push = (callRate: number, score: number, threshold: string) => {
      if (isFiniteNumber(callRate) && isFiniteNumber(score)) rows.push({ router, reference: false, order: callRate, callRate, score, threshold });
    };
    push(0, sim.weakOnlyScore.mean, 'always weak');
    for (const p of curve.points) push(p.strongCallRate.mean, p.score.mean, String(p.threshold));
    push(1, sim.strongOnlyScore.mean, 'always strong');
  }
  for (const ref of [summary.references.random, summary.references.oracle]) {
    const router = ref.name === 'random' ? RANDOM_LABEL : ORACLE_LABEL;
    for (const p of ref.curve) rows.push({ router, reference: true, order: p.strongCallRate, callRate: p.strongCallRate, score: p.score, threshold: '' });
  }
  const routers = [...summary.curves.map((c) => noiseLabel(c.noise, c.predictorAuc)), RANDOM_LABEL, ORACLE_LABEL];
  const color = { field: 'router', type: 'nominal', title: 'router', scale: categoryScale(routers), legend: { orient: 'bottom', direction: 'vertical' } } as const;
  const callDomain: number[] = [0, 1];
  const x = { field: 'callRate', type: 'quantitative', title: 'requests answered by the strong model', scale: { domain: callDomain, nice: false }, axis: { format: '.0%', tickCount: 10 } } as const;
  const y = { field: 'score', type: 'quantitative', title: summary.data.graded ? 'quality (mean judge score / 10)' : 'quality (fraction answered correctly)', scale: { zero: false }, axis: { format: '.0%' } } as const;
  const title = 'Cost–quality curve';
  return {
    name: 'cost-quality',
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: {
        text: title,
        subtitle: [
          `${summary.data.benchmark}: strong ${summary.strongDeployments.join(', ')} vs weak ${summary.weakDeployments.join(', ')}. Sweeping the threshold trades strong calls (cost) for quality.`,
          `Simulated curves: mean over ${replicationsText(summary.replications)} per threshold; dashed: exact references from the data. Up and left is better.`,
        ],
      },
      width: 560,
      height: 360,
      data: { values: rows },
      layer: [
        {
          transform: [{ filter: 'datum.reference' }],
          mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 1.5 },
          encoding: { x, y, color, order: { field: 'order', type: 'quantitative' } },
        },
        {
          transform: [{ filter: '!datum.reference' }],
          mark: { type: 'line', point: { filled: true, size: 36 } },
          encoding: {
            x, y, color,
            order: { field: 'order', type: 'quantitative' },
            tooltip: [
              { field: 'router', type: 'nominal' },
              { field: 'threshold', type: 'nominal' },
              { field: 'callRate', type: 'quantitative', format: '.1%', title: 'strong calls' },
              { field: 'score', type: 'quantitative', format: '.2%', title: 'quality' },
            ],
          },
        },
      ],
      config: CHART_CONFIG,
    },
  };
}
