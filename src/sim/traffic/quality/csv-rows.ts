/**
 * RFC 4180 CSV rows: quoted fields may hold commas, `""` and line breaks (RouteLLM's files
 * keep whole model answers in quoted cells). One pass over the text; `onRow` gets each row's
 * fields and the 1-based line its row starts on. CRLF and LF line ends; a trailing newline
 * does not make an empty row.
 */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(readonly line: number, detail: string) {
    super(`line ${line}: ${detail}`);
  }
}

export function forEachCsvRow(text: string, onRow: (fields: string[], line: number) => void): void {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark
  let line = 1;
  let rowLine = 1;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let atFieldStart = true;
  const n = text.length;
  const endRow = () => {
    fields.push(field);
    onRow(fields, rowLine);
    fields = [];
    field = '';
    atFieldStart = true;
  };
  while (i < n) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (i < n && next !== ',' && next !== '\n' && next !== '\r') throw new CsvSyntaxError(line, 'text after a closing quote');
        continue;
      }
      if (ch === '\n') line++;
      // Copy a run of ordinary characters at once: answers are long.
      let j = i + 1;
      while (j < n && text[j] !== '"' && text[j] !== '\n') j++;
      field += text.slice(i, j);
      i = j;
      continue;
    }
    if (ch === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
      i++;
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
      continue;
    }
    field += ch;
    atFieldStart = false;
    i++;
  }
  if (quoted) throw new CsvSyntaxError(rowLine, 'a quoted field is never closed');
  if (!atFieldStart || field !== '' || fields.length > 0) endRow();
}
