import { maxOf } from '../core/bulk-array.js';
import { escapeControls } from './terminal-output.js';

/** Plain-text table with aligned columns; numbers right-aligned. Cells are escaped first (escaping is idempotent), so columns stay aligned. */
export function renderTable(rawHeaders: readonly string[], rawRows: readonly (readonly string[])[], rightAlign?: readonly boolean[]): string {
  const headers = rawHeaders.map(escapeControls);
  const rows = rawRows.map((r) => r.map(escapeControls));
  const widths = headers.map((h, i) => Math.max(h.length, maxOf(rows.map((r) => (r[i] ?? '').length))));
  const align = (cell: string, i: number) => ((rightAlign?.[i] ?? i > 0) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]));
  const line = (cells: readonly string[]) => cells.map((c, i) => align(c, i)).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function fmtNum(v: number, digits = 1): string {
  if (!Number.isFinite(v)) return '–';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function fmtPct(v: number, digits = 2): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(digits)}%` : '–';
}

export function fmtUsd(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (Math.abs(v) >= 100) return `$${v.toFixed(2)}`;
  if (Math.abs(v) >= 1) return `$${v.toFixed(3)}`;
  return `$${v.toPrecision(3)}`;
}
