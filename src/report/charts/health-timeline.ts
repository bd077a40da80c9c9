/**
 * Chart 5: when each health source (breaker, outlier detector, active check, cooldown) kept
 * each deployment out of rotation, for the baseline and the best deployable strategy
 * (replication 1). Incident windows are shaded behind, so detection and recovery lag show
 * as the gap between the shading and the bars.
 */
import type { CompareSummary, StrategyResult } from '../../lab/compare-summary.js';
import { CHART_CONFIG, INCIDENT_FILL, VEGA_LITE_SCHEMA } from '../chart-theme.js';
import { exclusionIntervals } from '../health-intervals.js';
import { baselineOf, bestDeployableOf } from '../strategy-order.js';
import { timeAxis, timeUnitFor, toUnit } from '../time-axis.js';
import type { Chart } from './chart.js';
import { concurrencyLimitPanel } from './concurrency-limit-panel.js';
import { incidentWindows } from './incident-windows.js';
import type { ColorDef, PanelSpec, XDef } from './vl-types.js';

/** Known sources keep fixed colours; anything new is appended with a neutral palette. */
const SOURCE_COLORS: Readonly<Record<string, string>> = {
  breaker: '#d62728', outlier: '#ff7f0e', 'active-check': '#1f77b4', cooldown: '#9467bd',
};
const EXTRA_SOURCE_COLORS = ['#17becf', '#8c564b', '#bcbd22', '#7f7f7f'];
/** Room for one bar per source inside a deployment's row. */
const rowHeightPx = (sources: number) => Math.max(22, 9 * sources + 10);

function sourceScale(sources: ReadonlySet<string>) {
  const known = Object.keys(SOURCE_COLORS);
  const extras = [...sources].filter((s) => !(s in SOURCE_COLORS)).sort();
  const domain = sources.size === 0 ? known : [...known.filter((s) => sources.has(s)), ...extras];
  return { domain, range: domain.map((s, i) => SOURCE_COLORS[s] ?? EXTRA_SOURCE_COLORS[i % EXTRA_SOURCE_COLORS.length]) };
}

/** Baseline first, then the best deployable strategy when it is a different one. */
function shownStrategies(summary: CompareSummary): { result: StrategyResult; role: string }[] {
  const baseline = baselineOf(summary);
  const best = bestDeployableOf(summary);
  const out: { result: StrategyResult; role: string }[] = [];
  if (baseline) out.push({ result: baseline, role: baseline === best ? 'baseline, best ranked' : 'baseline' });
  if (best && best !== baseline) out.push({ result: best, role: `rank ${best.rank}, best deployable` });
  return out;
}

export function healthTimelineChart(summary: CompareSummary): Chart {
  const unit = timeUnitFor(summary.scenario.durationS);
  const durationS = summary.scenario.durationS;
  const shown = shownStrategies(summary);
  const perStrategy = shown.map(({ result, role }) => ({
    result, role,
    intervals: exclusionIntervals(result.sample.healthTimeline, durationS).map((iv) => ({
      deployment: iv.deploymentId,
      source: iv.source,
      start: toUnit(iv.startS, unit),
      end: toUnit(iv.endS, unit),
      seconds: Math.round((iv.endS - iv.startS) * 10) / 10,
      state: iv.openAtEnd ? 'still excluded at the end' : 'readmitted',
    })),
  }));
  const sources = new Set(perStrategy.flatMap((p) => p.intervals.map((iv) => iv.source)));
  const sourceDomain = sourceScale(sources);
  const color: ColorDef = {
    field: 'source', type: 'nominal', title: 'excluded by', scale: sourceDomain,
    ...(sources.size === 0 ? { legend: null } : {}),
  };
  const x = (field: string): XDef => timeAxis(unit, durationS, field);
  const windows = incidentWindows(summary, unit);
  const panels = perStrategy.map(({ result, role, intervals }): PanelSpec => {
    const deployments = [...result.sample.deploymentIds];
    for (const iv of intervals) if (!deployments.includes(iv.deployment)) deployments.push(iv.deployment);
    const empty = intervals.length === 0;
    return {
      title: { text: `${result.strategy} (${role})${empty ? ': no deployment was excluded' : ''}`, fontSize: 13, fontWeight: 'normal' as const },
      width: 640,
      height: Math.max(1, deployments.length) * rowHeightPx(sources.size),
      layer: [
        {
          data: { values: windows },
          mark: { type: 'rect' as const, color: INCIDENT_FILL, opacity: 0.7 },
          encoding: { x: x('start'), x2: { field: 'end' } },
        },
        {
          data: { values: intervals },
          mark: { type: 'bar' as const, cornerRadius: 1 },
          encoding: {
            x: x('start'),
            x2: { field: 'end' },
            y: { field: 'deployment', type: 'nominal' as const, title: null, scale: { domain: deployments, paddingInner: 0.2, paddingOuter: 0.1 } },
            yOffset: { field: 'source', type: 'nominal' as const, scale: { domain: sourceDomain.domain, paddingInner: 0.1 } },
            color,
            tooltip: [
              { field: 'deployment', type: 'nominal' as const },
              { field: 'source', type: 'nominal' as const, title: 'excluded by' },
              { field: 'seconds', type: 'quantitative' as const, title: 'excluded for (s)' },
              { field: 'state', type: 'nominal' as const },
            ],
          },
        },
      ],
    };
  });
  // Adaptive concurrency caps (router.concurrencyLimit), for the same strategies, below their exclusions.
  const limitPanels = shown.flatMap(({ result }) => {
    const points = result.sample.concurrencyLimits;
    return points === undefined ? [] : [concurrencyLimitPanel(result.strategy, points, windows, unit, durationS, summary.scenario.bucketS)];
  });
  const title = 'Health and circuit-breaker exclusions';
  return {
    name: 'health-timeline',
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: title, subtitle: 'Bars: time a health source kept the deployment out of rotation, replication 1. Shaded: injected incidents.' },
      vconcat: [...panels, ...limitPanels],
      spacing: 18,
      config: CHART_CONFIG,
    },
  };
}
