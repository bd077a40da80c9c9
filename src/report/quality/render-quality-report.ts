/**
 * Report files of `routesim quality`, relative to the results directory: report.md,
 * report.html and charts/cost-quality.{vl.json,svg}. A pure function of the summary.
 */
import type { QualitySweepSummary } from '../../lab/quality/quality-summary.js';
import { costQualityChart } from '../charts/cost-quality.js';
import { reportFiles, type ReportFile } from '../render-report.js';
import { qualityDocument } from './quality-document.js';

export function buildQualityReportFiles(summary: QualitySweepSummary): Promise<ReportFile[]> {
  const chart = costQualityChart(summary);
  return reportFiles(qualityDocument(summary, chart), [chart]);
}
