/** A CSV line that cannot be split; the reader adds the file and line. */
export class CsvLineError extends Error {
  override readonly name = 'CsvLineError';
}

/**
 * Splits one CSV line into fields (RFC 4180 quoting: `"a,b"`, `"say ""hi"""`), exactly as
 * written: no trimming. A record must fit on one line: the data routesim reads never has
 * newlines inside a field, and a line reader cannot rejoin them. Malformed quoting throws
 * CsvLineError rather than guessing what a field was.
 */
export function splitCsvLine(line: string): string[] {
  if (line.indexOf('"') < 0) return line.split(',');
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new CsvLineError('unterminated quoted field');
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line[i] !== ',') throw new CsvLineError(`unexpected text after a quoted field at column ${i + 1}`);
      i++;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}
