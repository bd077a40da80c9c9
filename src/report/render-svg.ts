/**
 * Headless SVG rendering of a chart. Deterministic: text widths come from a fixed Helvetica
 * table (no canvas, no installed fonts), and clip/gradient ids are reset before each render
 * (they are module-level counters in vega-scenegraph).
 */
import * as vega from 'vega';
import type { Chart } from './charts/chart.js';
import { compileChart } from './compile-chart.js';
import { ReportRenderError } from './report-error.js';
import { vegaTextWidth } from './text-width.js';

type WidthFn = (item: object, text?: unknown) => number;
/** vega-scenegraph's documented hook for custom text measurement (vl-convert uses it too); untyped in vega's .d.ts. */
const textMetrics = (vega as unknown as { textMetrics: { width: WidthFn } }).textMetrics;

/** Renders one chart; callers must await each render before the next (the id reset and width hook are global). */
export async function renderChartSvg(chart: Chart): Promise<string> {
  const { vega: vgSpec } = compileChart(chart.name, chart.spec);
  const previousWidth = textMetrics.width;
  textMetrics.width = vegaTextWidth as WidthFn;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    vega.resetSVGDefIds();
    await view.runAsync();
    return await view.toSVG();
  } catch (e) {
    throw new ReportRenderError(`chart "${chart.name}" failed to render: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  } finally {
    view.finalize();
    textMetrics.width = previousWidth;
  }
}
