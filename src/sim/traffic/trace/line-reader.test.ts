import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LineReader } from './line-reader.js';
import { TraceFileError } from './trace-errors.js';

const tmp = mkdtempSync(join(tmpdir(), 'routesim-lines-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let files = 0;
function readAll(content: string | Buffer): { lines: string[]; lastLine: number } {
  const p = join(tmp, `f${files++}`);
  writeFileSync(p, content);
  const r = new LineReader(p);
  const lines: string[] = [];
  for (let l = r.next(); l !== undefined; l = r.next()) lines.push(l);
  return { lines, lastLine: r.line };
}

describe('LineReader', () => {
  it('splits on \\n, strips \\r and a BOM, keeps blank lines and a last line without newline', () => {
    expect(readAll('\uFEFFa,b\r\n\r\nc\nlast').lines).toEqual(['a,b', '', 'c', 'last']);
    expect(readAll('x\n').lines).toEqual(['x']);
    expect(readAll('').lines).toEqual([]);
  });

  it('rejoins lines that span 64 KiB chunk boundaries, including split multi-byte characters', () => {
    const long = 'é'.repeat(100_000); // 200,000 bytes: crosses several chunks, splits 'é' somewhere
    const lines = ['short', long, 'ü'.repeat(65_535) + 'x', 'end'];
    const got = readAll(lines.join('\n'));
    expect(got.lines).toEqual(lines);
    expect(got.lastLine).toBe(4);
  });

  it('matches String.split on random content (line numbers included)', () => {
    let text = '';
    for (let i = 0; i < 30_000; i++) text += 'ab€'.repeat(i % 37) + (i % 5 === 0 ? '\r\n' : '\n');
    const expected = text.split('\n').map((l) => l.replace(/\r$/, ''));
    expected.pop(); // trailing newline
    const got = readAll(text);
    expect(got.lines).toEqual(expected);
    expect(got.lastLine).toBe(expected.length);
  });

  it('a missing file is a TraceFileError', () => {
    expect(() => new LineReader(join(tmp, 'missing'))).toThrow(TraceFileError);
  });
});
