/**
 * Entry point the lab calls: renders a CompareSummary or SweepSummary into
 *   report.md, report.html, charts/<name>.vl.json and charts/<name>.svg
 * through `write(relPath, content)`, paths relative to the results directory. Output is a
 * pure function of the summary (byte-identical across runs). Async because vega renders
 * SVG asynchronously; files are written in a fixed order, charts one at a time.
 */
import type { CompareSummary, SweepSummary } from '../lab/compare-summary.js';
import type { Chart } from './charts/chart.js';
import { chartsFor } from './charts/charts-for.js';
import { renderHtml } from './html/render-html.js';
import { readVegaSources } from './html/vega-sources.js';
import { renderMarkdown } from './markdown/render-markdown.js';
import { compareDocument, sweepDocument, type ReportDocument } from './report-document.js';
import { renderChartSvg } from './render-svg.js';

export type WriteFile = (relPath: string, content: string) => void;

export interface ReportFile {
  readonly path: string;
  readonly content: string;
}

/** Every report file in write order, without touching the file system. */
export async function buildReportFiles(summary: CompareSummary | SweepSummary): Promise<ReportFile[]> {
  const charts: Chart[] = chartsFor(summary);
  const doc = summary.kind === 'sweep' ? sweepDocument(summary, charts) : compareDocument(summary, charts);
  return reportFiles(doc, charts);
}

/** Each chart as charts/<name>.vl.json (the Vega-Lite spec) and charts/<name>.svg, in chart order. */
export async function chartFiles(charts: readonly Chart[]): Promise<ReportFile[]> {
  const files: ReportFile[] = [];
  for (const chart of charts) {
    files.push({ path: `charts/${chart.name}.vl.json`, content: JSON.stringify(chart.spec, null, 2) + '\n' });
    // Sequential on purpose: vega's SVG id counters and the text-width hook are global.
    files.push({ path: `charts/${chart.name}.svg`, content: await renderChartSvg(chart) });
  }
  return files;
}

/** A report's files: each chart as charts/<name>.vl.json and .svg, then report.md and report.html. */
export async function reportFiles(doc: ReportDocument, charts: readonly Chart[]): Promise<ReportFile[]> {
  const files = await chartFiles(charts);
  files.push({ path: 'report.md', content: renderMarkdown(doc) });
  files.push({ path: 'report.html', content: renderHtml(doc, charts, readVegaSources()) });
  return files;
}

/** Renders the report and hands each file to `write`; nothing is written if rendering fails. */
export async function renderReport(summary: CompareSummary | SweepSummary, write: WriteFile): Promise<void> {
  for (const file of await buildReportFiles(summary)) write(file.path, file.content);
}
