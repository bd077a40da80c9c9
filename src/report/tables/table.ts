/**
 * A renderer-neutral table: the Markdown and HTML reports draw the same cells, so the two
 * can never disagree on a number.
 */

/** Colouring hint for the HTML (Markdown ignores it): better/worse than baseline, claim verdicts. */
export type Tone = 'better' | 'worse' | 'muted' | 'held' | 'failed';

export interface Cell {
  readonly text: string;
  readonly tone?: Tone;
  /** Rendered as code (file names, hashes). */
  readonly code?: boolean;
  /** Secondary text: after the main text in Markdown, on its own smaller line in HTML. */
  readonly note?: string;
}

export interface Column {
  readonly label: string;
  readonly align: 'left' | 'right' | 'center';
  /** Names (strategies, providers) that should not break at their hyphens. */
  readonly nowrap?: boolean;
}

export interface Table {
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly Cell[])[];
}

export const cell = (text: string, extra: Omit<Cell, 'text'> = {}): Cell => ({ text, ...extra });
export const left = (label: string): Column => ({ label, align: 'left' });
/** A left-aligned column of names that must not wrap. */
export const nameColumn = (label: string): Column => ({ label, align: 'left', nowrap: true });
export const right = (label: string): Column => ({ label, align: 'right' });
export const center = (label: string): Column => ({ label, align: 'center' });

/** A mean ± 95% half-width cell: the ± part is the note. */
export function ciCell(parts: { mean: string; halfWidth?: string }): Cell {
  return parts.halfWidth === undefined ? cell(parts.mean) : cell(parts.mean, { note: `± ${parts.halfWidth}` });
}
