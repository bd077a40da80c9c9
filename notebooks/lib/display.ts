/**
 * Output helpers for the notebooks (Deno Jupyter kernel only: they call `Deno.jupyter.display`).
 *
 * A chart goes out as ONE display bundle with three representations, and each front end shows
 * the richest one it knows:
 * - `application/vnd.vegalite.v6+json` — the spec as routesim's vega-lite 6 writes it;
 * - `application/vnd.vegalite.v5+json` — the same spec, for JupyterLab 4 / VS Code renderers that
 *   only register the v5 type (routesim's specs use nothing v6-only);
 * - `image/svg+xml` — a static rendering (same deterministic renderer as `routesim report`), which
 *   is what GitHub and other code hosts show, since they do not run Vega.
 * Tables go out as HTML (rendered everywhere) plus aligned plain text.
 *
 * Every helper must be awaited, and goes through `publish`: the Deno kernel (2.9) now and then
 * loses an IOPub message sent in a burst right before the cell's next message (measured: ~1–2%
 * of outputs with back-to-back sends, none with a short pause after each), so each output is
 * followed by a brief pause. Plain `console.log` output can be lost the same way; use
 * `showText` instead.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Chart } from '../../src/report/charts/chart.ts';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from '../../src/report/chart-theme.ts';
import { renderChartSvg } from '../../src/report/render-svg.ts';

export { CHART_CONFIG, VEGA_LITE_SCHEMA };

/** Pause after each output; see the note above. Wall-clock time is fine here: this is not simulation code. */
const SETTLE_MS = 30;

async function publish(bundle: Record<string, unknown>): Promise<void> {
  await Deno.jupyter.display(bundle, { raw: true });
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

/** One chart: interactive where Vega runs, static SVG everywhere else. */
export async function showChart(chart: Chart): Promise<void> {
  const spec = compactInlineData(chart.spec) as TopLevelSpec;
  // Rendered from the compacted spec, so the static copy proves the interactive one works.
  const svg = await renderChartSvg({ ...chart, spec });
  await publish({
    'application/vnd.vegalite.v6+json': spec,
    'application/vnd.vegalite.v5+json': spec,
    'image/svg+xml': slimSvg(svg),
    'text/plain': `[chart] ${chart.title}`,
  });
}

/** Shorthand for a one-off spec: adds the schema, the house look and a name. */
export function chart(name: string, title: string, spec: Record<string, unknown>): Chart {
  return { name, title, spec: { $schema: VEGA_LITE_SCHEMA, config: CHART_CONFIG, ...spec } as TopLevelSpec };
}

/**
 * Jupyter stores a JSON output pretty-printed, one value per line, so inline data rows would
 * take most of a notebook's bytes. Vega-Lite accepts inline `values` as a string parsed by
 * `format` (JSON keeps every type exact): one line per dataset instead of five per row.
 * Non-integer numbers are rounded to six significant digits on the way.
 */
export function compactInlineData(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(compactInlineData);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    const data = v as { values?: unknown; format?: unknown } | undefined;
    if (k === 'data' && data && Array.isArray(data.values) && data.format === undefined) {
      out[k] = { ...data, values: JSON.stringify(data.values, roundForDisplay), format: { type: 'json' } };
    } else out[k] = compactInlineData(v);
  }
  return out;
}

/** Six significant digits are finer than any chart can show and keep "517.23456789012" short. */
function roundForDisplay(_key: string, v: unknown): unknown {
  return typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v;
}

/**
 * The static copy is shown as an image (code hosts embed it with <img>), where Vega's ARIA
 * labels and roles do nothing; dropping them saves about a third of the bytes. Vega writes one
 * long line; one element per line keeps diffs readable. Lines break only after self-closing
 * elements and `</g>`, never inside `<text>` (whitespace between tspans would render).
 */
function slimSvg(svg: string): string {
  return svg
    .replace(/ (?:aria-[a-z]+|role)="[^"]*"/g, '')
    // Single-quoted attributes need no escaping inside a JSON string (inside tags only, never text).
    .replace(/<[^>]*>/g, (tag) => tag.replace(/="([^"']*)"/g, "='$1'"))
    .replace(/(\/>|<\/g>)(?=<)/g, '$1\n');
}

export type Cell = string | number | boolean | null | undefined;

export interface TableOptions {
  /** Column headers in order; default: keys of the first row. */
  readonly columns?: readonly string[];
  /** Formats numbers per column; default: up to 4 significant digits. */
  readonly format?: Readonly<Record<string, (v: number) => string>>;
  readonly caption?: string;
}

const defaultNumber = (v: number): string =>
  Number.isInteger(v) ? v.toLocaleString('en-US') : Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(4)).toString();

function cellText(v: Cell, fmt?: (v: number) => string): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'number') return Number.isFinite(v) ? (fmt ?? defaultNumber)(v) : '–';
  return String(v);
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A small table of records: HTML for notebooks and code hosts, aligned text as a fallback. */
export async function showTable(rows: readonly Readonly<Record<string, Cell>>[], opts: TableOptions = {}): Promise<void> {
  const columns = opts.columns ?? (rows.length > 0 ? Object.keys(rows[0]) : []);
  const text = rows.map((r) => columns.map((c) => cellText(r[c], opts.format?.[c])));
  // Numbers, and formatted numbers such as "12 ms", "$3.19" or "99.7%", align right.
  const numeric = columns.map((_, i) => text.length > 0 && text.every((t) => /^[-+−$]?\$?[\d.,]+\b/.test(t[i]) || t[i] === '–'));
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((t) => t[i].length)));
  const pad = (s: string, i: number) => (numeric[i] ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const plain = [
    ...(opts.caption ? [opts.caption] : []),
    columns.map(pad).join('  '),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...text.map((t) => t.map(pad).join('  ')),
  ].join('\n');
  const align = (i: number) => (numeric[i] ? ' style="text-align:right"' : '');
  const html = [
    '<table>',
    ...(opts.caption ? [`<caption>${escapeHtml(opts.caption)}</caption>`] : []),
    `<thead><tr>${columns.map((c, i) => `<th${align(i)}>${escapeHtml(c)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...text.map((t) => `<tr>${t.map((s, i) => `<td${align(i)}>${escapeHtml(s)}</td>`).join('')}</tr>`),
    '</tbody>',
    '</table>',
  ].join('\n');
  await publish({ 'text/html': html, 'text/plain': plain });
}

/** A computed sentence or list, rendered as Markdown (numbers in prose come from the run, not from memory). */
export async function showMarkdown(markdown: string): Promise<void> {
  await publish({ 'text/markdown': markdown, 'text/plain': markdown });
}

/** Preformatted text (a YAML block, a log), shown as-is. */
export async function showText(text: string): Promise<void> {
  await publish({ 'text/plain': text });
}

export const pct = (v: number, digits = 1): string => `${(v * 100).toFixed(digits)}%`;
export const ms = (v: number): string => `${Math.round(v).toLocaleString('en-US')} ms`;
export const usd = (v: number, digits = 2): string => `$${v.toFixed(digits)}`;
