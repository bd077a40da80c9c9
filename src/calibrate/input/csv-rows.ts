import { didYouMean, suggestionText } from '../../core/did-you-mean.js';
import { CalibrationInputError } from './calibration-input-error.js';
import { CsvLineError, splitCsvLine } from '../../core/csv-line.js';
import { LineReader } from '../../core/line-reader.js';

export interface CsvTable {
  readonly header: readonly string[];
  /** Rows as field arrays (header order), 2-based line numbers for messages. */
  rows(): Generator<{ fields: string[]; line: number }>;
}

/**
 * Opens a CSV file with a header row for `use`, and closes it when `use` returns or throws
 * (a missing column is found before any row is read). Lines are streamed (core/line-reader.ts);
 * fields are split by core/csv-line.ts, the splitter traces use too, and trimmed. Malformed
 * quoting is a CalibrationInputError naming the line.
 */
export function withCsv<T>(path: string, use: (csv: CsvTable) => T): T {
  const reader = new LineReader(path, (detail) => new CalibrationInputError(path, detail));
  try {
    const fields = (text: string) => {
      try {
        return splitCsvLine(text).map((f) => f.trim());
      } catch (e) {
        throw e instanceof CsvLineError ? new CalibrationInputError(path, `line ${reader.line}: ${e.message}`) : e;
      }
    };
    const first = reader.next();
    if (first === undefined || first.trim() === '') throw new CalibrationInputError(path, 'is empty (expected a CSV header row)');
    return use({
      header: fields(first),
      *rows() {
        for (let text = reader.next(); text !== undefined; text = reader.next()) {
          if (text.trim() === '') continue;
          yield { fields: fields(text), line: reader.line };
        }
      },
    });
  } finally {
    reader.close();
  }
}

/** Index of a column by name (case-insensitive); a CalibrationInputError with a did-you-mean otherwise. */
export function columnIndex(path: string, header: readonly string[], name: string, flag: string): number {
  const i = uniqueColumn(path, header, name);
  if (i >= 0) return i;
  const close = didYouMean(name, header);
  throw new CalibrationInputError(path, `no column '${name}' (${flag})${suggestionText(close)} — columns: ${header.join(', ')}`);
}

/** The first of `names` (case-insensitive) the header has, or -1. */
export function findColumn(path: string, header: readonly string[], names: readonly string[]): number {
  for (const n of names) {
    const i = uniqueColumn(path, header, n);
    if (i >= 0) return i;
  }
  return -1;
}

/**
 * The column named `name` (case-insensitive), -1 without one. A header naming it twice is
 * refused: reading either copy silently could fit the wrong numbers.
 */
function uniqueColumn(path: string, header: readonly string[], name: string): number {
  const want = name.toLowerCase();
  const at = header.flatMap((h, i) => (h.toLowerCase() === want ? [i] : []));
  if (at.length > 1) {
    throw new CalibrationInputError(path, `the header names column '${name}' ${at.length} times (fields ${at.map((i) => i + 1).join(', ')}); rename all but one`);
  }
  return at.length === 1 ? at[0] : -1;
}
