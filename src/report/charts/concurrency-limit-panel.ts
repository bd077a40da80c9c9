/**
 * The adaptive concurrency caps (router.concurrencyLimit) under the health timeline: one line
 * per deployment, the cap at each bucket's end, with the bucket's lowest cap as a band, and
 * the injected incidents shaded behind, so a cap falling when a provider's capacity drops and
 * climbing back when it returns reads straight off the chart.
 */
import type { ConcurrencyLimitPoint } from '../../metrics/admission-tally.js';
import { INCIDENT_FILL } from '../chart-theme.js';
import { timeAxis, toUnit, type TimeUnit } from '../time-axis.js';
import type { PanelSpec } from './vl-types.js';

export function concurrencyLimitPanel(label: string, points: readonly ConcurrencyLimitPoint[], windows: readonly object[], unit: TimeUnit, durationS: number, bucketS: number): PanelSpec {
  const values = points.map((p) => ({
    deployment: p.deploymentId,
    start: toUnit(p.tS, unit),
    end: toUnit(Math.min(durationS, p.tS + bucketS), unit),
    limit: p.limit,
    minLimit: p.minLimit,
    maxLimit: p.maxLimit,
  }));
  return {
    title: { text: `${label}: in-flight cap per deployment (router.concurrencyLimit)`, fontSize: 13, fontWeight: 'normal' as const },
    width: 640,
    height: 160,
    layer: [
      { data: { values: windows as object[] }, mark: { type: 'rect' as const, color: INCIDENT_FILL, opacity: 0.7 }, encoding: { x: timeAxis(unit, durationS, 'start'), x2: { field: 'end' } } },
      {
        data: { values },
        mark: { type: 'area' as const, opacity: 0.15, interpolate: 'step-after' as const },
        encoding: { x: timeAxis(unit, durationS, 'start'), y: { field: 'minLimit', type: 'quantitative' as const }, y2: { field: 'maxLimit' }, color: { field: 'deployment', type: 'nominal' as const, legend: null } },
      },
      {
        data: { values },
        mark: { type: 'line' as const, interpolate: 'step-after' as const },
        encoding: {
          x: timeAxis(unit, durationS, 'start'),
          y: { field: 'limit', type: 'quantitative' as const, title: 'in-flight cap' },
          color: { field: 'deployment', type: 'nominal' as const, title: 'deployment' },
          tooltip: [
            { field: 'deployment', type: 'nominal' as const },
            { field: 'limit', type: 'quantitative' as const, title: 'cap at bucket end' },
            { field: 'minLimit', type: 'quantitative' as const, title: 'lowest in bucket' },
            { field: 'maxLimit', type: 'quantitative' as const, title: 'highest in bucket' },
          ],
        },
      },
    ],
  };
}
