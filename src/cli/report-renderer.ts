import type { ReportRenderer } from '../lab/results-writer.js';

let loading: Promise<ReportRenderer> | undefined;

/**
 * The report renderer, imported on first need: it pulls in vega and vega-lite (~120 ms of
 * module loading), which `validate`, `strategies` or a `--shard` run never use. A parallel
 * compare starts this import while the workers simulate, so it is off the critical path.
 */
export function reportRenderer(): Promise<ReportRenderer> {
  return (loading ??= import('../report/render-report.js').then((m) => m.renderReport));
}
