import { describe, expect, it } from 'vitest';
import { CsvLineError, splitCsvLine } from './csv-line.js';

describe('splitCsvLine', () => {
  it('splits plain and quoted fields (RFC 4180 quotes)', () => {
    expect(splitCsvLine('a,b,,c')).toEqual(['a', 'b', '', 'c']);
    expect(splitCsvLine('"a,b",c')).toEqual(['a,b', 'c']);
    expect(splitCsvLine('x,"say ""hi""",')).toEqual(['x', 'say "hi"', '']);
    expect(splitCsvLine('"",""')).toEqual(['', '']);
  });

  it('refuses unterminated quotes and text after a closing quote', () => {
    expect(() => splitCsvLine('"abc,d')).toThrow(CsvLineError);
    expect(() => splitCsvLine('"abc"d,e')).toThrow(/after a quoted field/);
  });
});
