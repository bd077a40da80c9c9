import type { CompareSummary, SweepSummary } from './compare-summary.js';
import { strategiesCsv, sweepPointsCsv, timeseriesCsv } from './csv.js';
import { RESULTS_MARKER, writeDirectoryAtomically } from './atomic-dir.js';
import { toStableJson } from './stable-json.js';

/**
 * A results directory (layout in results/README.md):
 *   summary.json     the CompareSummary / SweepSummary, deterministic bytes
 *   strategies.csv   compare: one row per strategy, every metric's mean, lo, hi
 *   timeseries.csv   compare: replication 1's time buckets per strategy
 *   points.csv       sweep: one row per grid point × strategy
 *   report.md, report.html, charts/  written by the report renderer
 */

export type AnySummary = CompareSummary | SweepSummary;

/** The report renderer's signature (src/report/render-report.ts). */
export type ReportRenderer = (summary: AnySummary, outDir: string, write: (relPath: string, content: string) => void) => void;

export interface WriteResultsOptions {
  /** Writes report.md, report.html and charts; omitted → data files only. */
  readonly render?: ReportRenderer;
  /** Distinguishes concurrent writers of the same directory; default process.pid. */
  readonly tag?: number | string;
}

/** The data files of a summary, by relative path. */
export function dataFiles(summary: AnySummary): [string, string][] {
  const files: [string, string][] = [[RESULTS_MARKER, toStableJson(summary)]];
  if (summary.kind === 'compare') {
    files.push(['strategies.csv', strategiesCsv(summary)], ['timeseries.csv', timeseriesCsv(summary)]);
  } else {
    files.push(['points.csv', sweepPointsCsv(summary)]);
  }
  return files;
}

/** Writes the whole directory atomically; returns the relative paths written, sorted. */
export function writeResults(summary: AnySummary, outDir: string, opts: WriteResultsOptions = {}): string[] {
  const written: string[] = [];
  writeDirectoryAtomically(
    outDir,
    (write) => {
      const record = (rel: string, content: string) => {
        write(rel, content);
        written.push(rel);
      };
      for (const [rel, content] of dataFiles(summary)) record(rel, content);
      opts.render?.(summary, outDir, record);
    },
    { tag: opts.tag },
  );
  return [...new Set(written)].sort();
}
