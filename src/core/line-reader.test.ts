import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { LineReader, MAX_LINE_BYTES } from './line-reader.js';
import { readUserFile } from './user-file.js';

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

  it('refuses a compressed file by its format before any line is read (gzip, zstd, bzip2, xz, zip), and reads the rest', () => {
    const plain = 'a,b\n1,2\n';
    const cases: [string, Buffer][] = [
      ['gzip', gzipSync(plain)],
      ['zstd', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58])],
      ['bzip2', Buffer.from('BZh91AY&SY')],
      ['xz', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00])],
      ['zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])],
    ];
    for (const [name, bytes] of cases) {
      expect(() => readAll(bytes)).toThrow(new RegExp(`^is ${name}-compressed; routesim reads plain text: decompress it first`));
      const p = join(tmp, `f${files++}`);
      writeFileSync(p, bytes);
      expect(() => readUserFile(p, fail)).toThrow(new RegExp(`^is ${name}-compressed`));
    }
    expect(readAll(plain).lines).toEqual(['a,b', '1,2']);
    expect(readAll('BZ,h\n').lines).toEqual(['BZ,h']); // two of bzip2's three magic bytes: text
  });
});
