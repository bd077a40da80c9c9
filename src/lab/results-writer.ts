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

/**
 * The report renderer (src/report/render-report.ts `renderReport`): hands every report file to
 * `write`, relative to the results directory. May be async (SVG rendering is).
 */
export type ReportRenderer = (summary: AnySummary, write: (relPath: string, content: string) => void) => void | Promise<void>;

export interface WriteResultsOptions {
  /** Writes report.md, report.html and charts; omitted → data files only. */
  readonly render?: ReportRenderer;
  /** Called after rendering, just before the disk is touched (the CLI's test marker). */
  readonly beforeWrite?: () => void;
}

/** A summary's data files: relative path and how to build its content (built only when written). */
function dataFileBuilders(summary: AnySummary): [string, () => string][] {
  const json: [string, () => string] = [RESULTS_MARKER, () => toStableJson(summary)];
  if (summary.kind === 'compare') return [json, ['strategies.csv', () => strategiesCsv(summary)], ['timeseries.csv', () => timeseriesCsv(summary)]];
  return [json, ['points.csv', () => sweepPointsCsv(summary)]];
}

/** The data files of a summary, by relative path. */
export function dataFiles(summary: AnySummary): [string, string][] {
  return dataFileBuilders(summary).map(([rel, build]) => [rel, build()]);
}

/**
 * Renders the report into memory; a renderer may not replace the data files. Rendering
 * happens before anything touches the disk, so a failure (or a Ctrl-C while the renderer
 * awaits) cannot leave a partial directory behind.
 */
export async function renderToMemory(summary: AnySummary, render: ReportRenderer): Promise<[string, string][]> {
  const reserved = new Set(dataFileBuilders(summary).map(([rel]) => rel));
  const files = new Map<string, string>();
  await render(summary, (rel, content) => {
    if (reserved.has(rel)) throw new RangeError(`the report renderer may not overwrite ${rel}`);
    files.set(rel, content);
  });
  return [...files];
}

/** Writes the whole directory atomically; returns the relative paths written, sorted. */
export async function writeResults(summary: AnySummary, outDir: string, opts: WriteResultsOptions = {}): Promise<string[]> {
  const files = [...dataFiles(summary), ...(opts.render ? await renderToMemory(summary, opts.render) : [])];
  opts.beforeWrite?.();
  return writeResultFiles(outDir, files);
}

/** Writes (relative path, content) pairs as a results directory, atomically; returns the paths written, sorted. */
export function writeResultFiles(outDir: string, files: readonly (readonly [string, string])[]): string[] {
  writeDirectoryAtomically(outDir, (write) => files.forEach(([rel, content]) => write(rel, content)));
  return files.map(([rel]) => rel).sort();
}
