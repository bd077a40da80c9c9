/** report.md: GitHub-flavoured Markdown with the SVG charts linked relatively. */
import type { Block, ReportDocument } from '../report-document.js';
import type { Cell, Table } from '../tables/table.js';

/** Cell text safe inside a pipe table: no pipes, no line breaks, no raw HTML. */
export function escapeMarkdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, ' ');
}

function escapeMarkdownText(text: string): string {
  return text.replace(/</g, '&lt;');
}

const TONE_PREFIX: Partial<Record<NonNullable<Cell['tone']>, string>> = { held: '✅ ', failed: '❌ ' };

function cellText(c: Cell): string {
  const text = escapeMarkdownCell(c.text);
  const body = c.code ? `\`${text.replace(/`/g, '')}\`` : text;
  const prefix = c.tone ? TONE_PREFIX[c.tone] ?? '' : '';
  return `${prefix}${body}${c.note ? ` ${escapeMarkdownCell(c.note)}` : ''}`;
}

export function markdownTable(table: Table): string {
  const sep = table.columns.map((c) => (c.align === 'right' ? '---:' : c.align === 'center' ? ':---:' : ':---'));
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(table.columns.map((c) => escapeMarkdownCell(c.label))),
    line(sep),
    ...table.rows.map((r) => line(r.map(cellText))),
  ].join('\n');
}

function block(b: Block): string {
  switch (b.kind) {
    case 'paragraph': return escapeMarkdownText(b.text);
    case 'table': return (b.caption ? `${escapeMarkdownText(b.caption)}\n\n` : '') + markdownTable(b.table);
    case 'chart': {
      const alt = b.chart.title.replace(/[[\]]/g, '');
      return `### ${escapeMarkdownText(b.chart.title)}\n\n![${alt}](charts/${b.chart.name}.svg)\n\n`
        + `<sub>Vega-Lite spec: [charts/${b.chart.name}.vl.json](charts/${b.chart.name}.vl.json)</sub>`;
    }
  }
}

export function renderMarkdown(doc: ReportDocument): string {
  const parts = [`# ${escapeMarkdownText(doc.title)}`];
  if (doc.lede) parts.push(`> ${escapeMarkdownText(doc.lede)}`);
  for (const s of doc.sections) {
    parts.push(`## ${escapeMarkdownText(s.heading)}`);
    for (const b of s.blocks) parts.push(block(b));
  }
  parts.push('---', `<sub>${escapeMarkdownText(doc.footer)}</sub>`);
  return parts.join('\n\n') + '\n';
}
