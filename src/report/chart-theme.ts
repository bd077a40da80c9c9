/**
 * One look for every chart. The font is fixed (and text widths are estimated, not measured,
 * in Node) so the SVG bytes depend only on the summary.
 */
import type { Config } from 'vega-lite';

export const CHART_FONT = 'Helvetica, Arial, sans-serif';
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Tableau 10 followed by its lighter companions: distinct for up to 20 strategies. */
export const CATEGORY_COLORS: readonly string[] = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
  '#a0cbe8', '#ffbe7d', '#ff9d9a', '#86bcb6', '#8cd17d', '#f1ce63', '#d4a6c8', '#fabfd2', '#d7b5a6', '#79706e',
];

/** Deployments get their own palette so they are not mistaken for strategies. */
export const DEPLOYMENT_COLORS: readonly string[] = [
  '#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666',
  '#66c2a5', '#fc8d62', '#8da0cb', '#e78ac3', '#a6d854', '#ffd92f', '#e5c494', '#b3b3b3',
];

export const INCIDENT_FILL = '#f4cccc';
export const INCIDENT_TEXT = '#a61c00';
export const FRONTIER_STROKE = '#333333';

export const CHART_CONFIG: Config = {
  font: CHART_FONT,
  background: 'white',
  padding: 8,
  view: { stroke: '#d0d7de' },
  title: { font: CHART_FONT, fontSize: 15, fontWeight: 'bold', anchor: 'start', subtitleFontSize: 11, subtitleColor: '#555555', offset: 10 },
  axis: {
    labelFont: CHART_FONT, titleFont: CHART_FONT, labelFontSize: 11, titleFontSize: 12,
    titleFontWeight: 'normal', titleColor: '#333333', labelColor: '#333333', gridColor: '#e8ecef', domainColor: '#888888', tickColor: '#888888',
    labelLimit: 220,
  },
  legend: {
    labelFont: CHART_FONT, titleFont: CHART_FONT, labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal',
    labelLimit: 260, symbolSize: 90, rowPadding: 4,
  },
  header: { labelFont: CHART_FONT, titleFont: CHART_FONT, labelFontSize: 12, titleFontSize: 12, labelFontWeight: 'bold' },
  text: { font: CHART_FONT, fontSize: 11 },
  line: { strokeWidth: 2 },
};
