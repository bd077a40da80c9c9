import { didYouMean, suggestionText } from '../../core/did-you-mean.js';
import { CalibrationInputError } from './calibration-input-error.js';
import { readLines } from './line-reader.js';

/**
 * CSV with a header row, streamed line by line. Fields may be double-quoted (with "" for a
 * quote and commas inside); a quoted field may not span lines, which the formats read here
 * never need.
 */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let field = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          field += line.slice(i);
          i = line.length;
          break;
        }
        field += line.slice(i, q);
        if (line[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(field);
      const comma = line.indexOf(',', i);
      if (comma < 0) return out;
      i = comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        out.push(line.slice(i).trim());
        return out;
      }
      out.push(line.slice(i, comma).trim());
      i = comma + 1;
    }
  }
}

export interface CsvTable {
  readonly header: readonly string[];
  /** Rows as field arrays (header order), 2-based line numbers for messages. */
  rows(): Generator<{ fields: string[]; line: number }>;
}

export function openCsv(path: string): CsvTable {
  const lines = readLines(path);
  const first = lines.next();
  if (first.done || first.value.trim() === '') throw new CalibrationInputError(path, 'is empty (expected a CSV header row)');
  const header = splitCsvLine(first.value).map((h) => h.trim());
  return {
    header,
    *rows() {
      let line = 1;
      for (const text of lines) {
        line++;
        if (text.trim() === '') continue;
        yield { fields: splitCsvLine(text), line };
      }
    },
  };
}

/** Index of a column by name (case-insensitive); a CalibrationInputError with a did-you-mean otherwise. */
export function columnIndex(path: string, header: readonly string[], name: string, flag: string): number {
  const i = header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  if (i >= 0) return i;
  const close = didYouMean(name, header);
  throw new CalibrationInputError(path, `no column '${name}' (${flag})${suggestionText(close)} — columns: ${header.join(', ')}`);
}

/** The first header that matches one of `names` (case-insensitive), or -1. */
export function findColumn(header: readonly string[], names: readonly string[]): number {
  for (const n of names) {
    const i = header.findIndex((h) => h.toLowerCase() === n.toLowerCase());
    if (i >= 0) return i;
  }
  return -1;
}
