import { closeSync, openSync, readSync } from 'node:fs';
import { compressedFileDetail, MAGIC_BYTES } from './compressed-data.js';
import { statUserFile } from './user-file.js';

/** A longer line is certainly not a row of any data file routesim reads; stop before it eats the memory. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * Synchronous line reader over `fs.readSync` chunks, for every line-based file a user hands
 * routesim (traces, calibration CSVs): holds one chunk plus the one partial line that spans a
 * chunk boundary, whatever the file size. Strips `\r\n` and a UTF-8 BOM. `line` is 1-based
 * and counts every physical line (blank ones too), for `file:line` errors. Problems with the
 * file itself (missing, a folder, not a regular file, compressed, a line over MAX_LINE_BYTES) become the
 * caller's own user error through `fail(detail)`.
 */
export class LineReader {
  private fd: number | undefined;
  private readonly chunk: Buffer;
  private chunkLen = 0;
  private pos = 0;
  /** Bytes of a line that started in an earlier chunk. */
  private carry: Buffer[] = [];
  private carryLen = 0;
  private eof = false;
  private first = true;
  line = 0;

  constructor(
    readonly path: string,
    private readonly fail: (detail: string) => Error,
    private readonly chunkBytes = 64 * 1024,
  ) {
    statUserFile(path, fail);
    this.chunk = Buffer.allocUnsafe(chunkBytes);
    try {
      this.fd = openSync(path, 'r');
    } catch (e) {
      throw fail(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }

  /** The next line without its terminator, or undefined at the end of the file. */
  next(): string | undefined {
    for (;;) {
      if (this.pos >= this.chunkLen) {
        if (this.eof || !this.fill()) {
          if (this.carryLen === 0) return undefined;
          return this.emit(this.joinCarry(Buffer.alloc(0)));
        }
      }
      const nl = this.chunk.indexOf(10, this.pos);
      if (nl >= 0 && nl < this.chunkLen) {
        const start = this.pos;
        this.pos = nl + 1;
        if (this.carryLen === 0) return this.emit(this.chunk.subarray(start, nl));
        return this.emit(this.joinCarry(this.chunk.subarray(start, nl)));
      }
      // No newline in the rest of this chunk: keep it and read on.
      const rest = this.chunk.subarray(this.pos, this.chunkLen);
      this.carryLen += rest.length;
      if (this.carryLen > MAX_LINE_BYTES) {
        this.close();
        throw this.fail(`line ${this.line + 1} is longer than ${MAX_LINE_BYTES} bytes`);
      }
      this.carry.push(Buffer.from(rest));
      this.pos = this.chunkLen;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.eof = true;
  }

  private fill(): boolean {
    if (this.fd === undefined) return false;
    const atStart = this.first && this.line === 0 && this.carryLen === 0;
    this.chunkLen = readSync(this.fd, this.chunk, 0, this.chunkBytes, null);
    this.pos = 0;
    if (this.chunkLen === 0) {
      this.close();
      return false;
    }
    // A compressed file is refused by name, before any of its bytes can be shown as a line.
    const compressed = atStart ? compressedFileDetail(this.chunk.subarray(0, Math.min(this.chunkLen, MAGIC_BYTES))) : undefined;
    if (compressed !== undefined) {
      this.close();
      throw this.fail(compressed);
    }
    return true;
  }

  private joinCarry(tail: Buffer): Buffer {
    const parts = this.carry;
    parts.push(tail);
    const joined = Buffer.concat(parts, this.carryLen + tail.length);
    this.carry = [];
    this.carryLen = 0;
    return joined;
  }

  private emit(bytes: Buffer): string {
    this.line++;
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 13) end--;
    let start = 0;
    if (this.first) {
      this.first = false;
      if (end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
    }
    return bytes.toString('utf8', start, end);
  }
}
