/**
 * Report files of `routesim quality`, relative to the results directory: report.md,
 * report.html and charts/cost-quality.{vl.json,svg}. A pure function of the summary.
 */
import type { QualitySweepSummary } from '../../lab/quality/quality-summary.js';
import { costQualityChart } from '../charts/cost-quality.js';
import { renderHtml } from '../html/render-html.js';
import { readVegaSources } from '../html/vega-sources.js';
import { renderMarkdown } from '../markdown/render-markdown.js';
import type { ReportFile } from '../render-report.js';
import { renderChartSvg } from '../render-svg.js';
import { qualityDocument } from './quality-document.js';

export async function buildQualityReportFiles(summary: QualitySweepSummary): Promise<ReportFile[]> {
  const chart = costQualityChart(summary);
  const doc = qualityDocument(summary, chart);
  return [
    { path: `charts/${chart.name}.vl.json`, content: JSON.stringify(chart.spec, null, 2) + '\n' },
    { path: `charts/${chart.name}.svg`, content: await renderChartSvg(chart) },
    { path: 'report.md', content: renderMarkdown(doc) },
    { path: 'report.html', content: renderHtml(doc, [chart], readVegaSources()) },
  ];
}
