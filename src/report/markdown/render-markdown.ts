/** report.md: GitHub-flavoured Markdown with the SVG charts linked relatively. */
import type { Block, ReportDocument } from '../report-document.js';
import type { Cell, Table } from '../tables/table.js';
import { escapeMarkdownBlock, escapeMarkdownCode, escapeMarkdownText } from './markdown-escape.js';

const TONE_PREFIX: Partial<Record<NonNullable<Cell['tone']>, string>> = { held: '✅ ', failed: '❌ ' };

function cellText(c: Cell): string {
  const body = c.code ? `\`${escapeMarkdownCode(c.text)}\`` : escapeMarkdownText(c.text);
  const prefix = c.tone ? TONE_PREFIX[c.tone] ?? '' : '';
  return `${prefix}${body}${c.note ? ` ${escapeMarkdownText(c.note)}` : ''}`;
}

export function markdownTable(table: Table): string {
  const sep = table.columns.map((c) => (c.align === 'right' ? '---:' : c.align === 'center' ? ':---:' : ':---'));
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(table.columns.map((c) => escapeMarkdownText(c.label))),
    line(sep),
    ...table.rows.map((r) => line(r.map(cellText))),
  ].join('\n');
}

function block(b: Block): string {
  switch (b.kind) {
    case 'paragraph': return escapeMarkdownBlock(b.text);
    case 'table': return (b.caption ? `${escapeMarkdownBlock(b.caption)}\n\n` : '') + markdownTable(b.table);
    case 'chart': {
      const title = escapeMarkdownText(b.chart.title);
      return `### ${title}\n\n![${title}](charts/${b.chart.name}.svg)\n\n`
        + `<sub>Vega-Lite spec: [charts/${b.chart.name}.vl.json](charts/${b.chart.name}.vl.json)</sub>`;
    }
  }
}

export function renderMarkdown(doc: ReportDocument): string {
  const parts = [`# ${escapeMarkdownText(doc.title)}`];
  if (doc.lede) parts.push(`> ${escapeMarkdownBlock(doc.lede)}`);
  for (const s of doc.sections) {
    parts.push(`## ${escapeMarkdownText(s.heading)}`);
    for (const b of s.blocks) parts.push(block(b));
  }
  parts.push('---', `<sub>${escapeMarkdownText(doc.footer)}</sub>`);
  return parts.join('\n\n') + '\n';
}
