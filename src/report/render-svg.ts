/**
 * Headless SVG rendering of a chart. Deterministic: no canvas is installed, so vega estimates
 * text widths from the fixed font size, and clip/gradient ids are reset before each render
 * (they are module-level counters in vega-scenegraph).
 */
import { parse, resetSVGDefIds, View } from 'vega';
import type { Chart } from './charts/chart.js';
import { compileChart } from './compile-chart.js';
import { ReportRenderError } from './report-error.js';

/** Renders one chart; callers must await each render before the next (the id reset is global). */
export async function renderChartSvg(chart: Chart): Promise<string> {
  const { vega } = compileChart(chart.name, chart.spec);
  const view = new View(parse(vega), { renderer: 'none' });
  try {
    resetSVGDefIds();
    await view.runAsync();
    return await view.toSVG();
  } catch (e) {
    throw new ReportRenderError(`chart "${chart.name}" failed to render: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  } finally {
    view.finalize();
  }
}
