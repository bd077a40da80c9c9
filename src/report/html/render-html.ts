/**
 * report.html: one self-contained file. The tables are static HTML; the charts are rendered
 * live by the inlined vega + vega-lite from the inlined specs, so the page works offline and
 * its Content-Security-Policy forbids every network request.
 */
import type { Chart } from '../charts/chart.js';
import type { Block, ReportDocument } from '../report-document.js';
import type { Cell, Column, Table } from '../tables/table.js';
import { EMBED_SHIM } from './embed-shim.js';
import { escapeHtml, jsonForScript, scriptSafe } from './html-escape.js';
import { REPORT_CSS } from './report-css.js';
import type { VegaSources } from './vega-sources.js';

/** No fetches, frames, fonts or remote images; inline scripts and vega's expression compiler only. */
const CSP = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:";

const ALIGN_CLASS: Record<Column['align'], string> = { left: '', right: 'num', center: 'mid' };

function classAttr(classes: readonly string[]): string {
  const list = classes.filter((c) => c !== '');
  return list.length > 0 ? ` class="${list.join(' ')}"` : '';
}

function cellHtml(c: Cell, col: Column): string {
  const main = c.code ? `<code>${escapeHtml(c.text)}</code>` : escapeHtml(c.text);
  const body = (c.tone === 'held' || c.tone === 'failed' ? `<span class="badge">${main}</span>` : main)
    + (c.note ? `<span class="note">${escapeHtml(c.note)}</span>` : '');
  return `<td${classAttr([ALIGN_CLASS[col.align], col.nowrap ? 'nowrap' : '', c.tone ? `tone-${c.tone}` : ''])}>${body}</td>`;
}

export function tableHtml(table: Table, extraClass = ''): string {
  const head = table.columns.map((c) => `<th${classAttr([ALIGN_CLASS[c.align]])} scope="col">${escapeHtml(c.label)}</th>`).join('');
  const rows = table.rows.map((r) => `<tr>${r.map((c, i) => cellHtml(c, table.columns[i])).join('')}</tr>`).join('\n');
  return `<div class="table-wrap"><table${classAttr([extraClass])}><thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody></table></div>`;
}

function chartHtml(chart: Chart): string {
  return `<figure id="chart-${escapeHtml(chart.name)}">`
    + `<div class="chart" data-chart="${escapeHtml(chart.name)}" role="img" aria-label="${escapeHtml(chart.title)}">Rendering ${escapeHtml(chart.title)}…</div>`
    + `<figcaption>${escapeHtml(chart.title)}. Also available as <a href="charts/${escapeHtml(chart.name)}.svg">SVG</a> and `
    + `<a href="charts/${escapeHtml(chart.name)}.vl.json">Vega-Lite spec</a> next to this file.</figcaption></figure>`;
}

function blockHtml(b: Block, sectionId: string): string {
  switch (b.kind) {
    case 'paragraph': return `<p>${escapeHtml(b.text)}</p>`;
    case 'table': return (b.caption ? `<p>${escapeHtml(b.caption)}</p>` : '') + tableHtml(b.table, sectionId === 'scenario' ? 'facts' : '');
    case 'chart': return chartHtml(b.chart);
  }
}

export function renderHtml(doc: ReportDocument, charts: readonly Chart[], libs: VegaSources): string {
  const specs = Object.fromEntries(charts.map((c) => [c.name, c.spec]));
  const nav = doc.sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.heading)}</a>`).join('');
  const sections = doc.sections.map((s) =>
    `<section id="${s.id}">\n<h2>${escapeHtml(s.heading)}</h2>\n${s.blocks.map((b) => blockHtml(b, s.id)).join('\n')}\n</section>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="routesim">
<title>${escapeHtml(doc.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(doc.title)}</h1>
${doc.lede ? `<p class="lede">${escapeHtml(doc.lede)}</p>` : ''}
<nav>${nav}</nav>
</header>
${sections}
<footer>${escapeHtml(doc.footer)}</footer>
</main>
<script type="application/json" id="routesim-chart-specs">${jsonForScript(specs)}</script>
<script>${scriptSafe(libs.vega)}</script>
<script>${scriptSafe(libs.vegaLite)}</script>
<script>${EMBED_SHIM}</script>
</body>
</html>
`;
}
