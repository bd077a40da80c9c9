import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LineReader, MAX_LINE_BYTES } from './line-reader.js';

class FileProblem extends Error {}
const fail = (detail: string) => new FileProblem(detail);

const tmp = mkdtempSync(join(tmpdir(), 'routesim-lines-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let files = 0;
function readAll(content: string | Buffer, chunkBytes?: number): { lines: string[]; lastLine: number } {
  const p = join(tmp, `f${files++}`);
  writeFileSync(p, content);
  const r = new LineReader(p, fail, chunkBytes);
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

  it('splits across tiny chunks: CRLF, a BOM, multi-byte characters cut mid-sequence, no final newline', () => {
    const content = Buffer.from('\ufeffa,b\r\nnaïve — ü\n\nlast', 'utf8');
    for (const chunk of [1, 2, 3, 7, 1 << 16]) expect(readAll(content, chunk).lines).toEqual(['a,b', 'naïve — ü', '', 'last']);
  });

  it("reports a missing file, a folder and a device through the caller's fail()", () => {
    expect(() => new LineReader(join(tmp, 'missing'), fail)).toThrow(new FileProblem('file not found'));
    expect(() => new LineReader(tmp, fail)).toThrow(FileProblem);
    expect(() => new LineReader('/dev/zero', fail)).toThrow(new FileProblem('is not a regular file'));
  });

  it('refuses a line longer than MAX_LINE_BYTES instead of buffering it', () => {
    const p = join(tmp, `f${files++}`);
    writeFileSync(p, Buffer.alloc(MAX_LINE_BYTES + 10, 0x61));
    const r = new LineReader(p, fail);
    expect(() => r.next()).toThrow(new FileProblem(`line 1 is longer than ${MAX_LINE_BYTES} bytes`));
  });
});
