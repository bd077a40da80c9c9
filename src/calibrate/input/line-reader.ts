import { closeSync, openSync, readSync } from 'node:fs';
import { statUserFile } from '../../core/user-file.js';
import { StringDecoder } from 'node:string_decoder';
import { CalibrationInputError } from './calibration-input-error.js';

/**
 * Lines of a text file, read in fixed-size chunks: memory stays bounded for multi-gigabyte
 * exports (the full-size originals of the shared samples). Handles \n and \r\n, UTF-8
 * sequences split across chunks, and a leading byte-order mark.
 */
export function* readLines(path: string, chunkBytes = 1 << 16): Generator<string> {
  const fail = (detail: string) => new CalibrationInputError(path, detail);
  statUserFile(path, fail);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw fail(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    const decoder = new StringDecoder('utf8');
    const buf = Buffer.alloc(chunkBytes);
    let pending = '';
    let first = true;
    for (;;) {
      const got = readSync(fd, buf, 0, chunkBytes, null);
      const text = got > 0 ? decoder.write(buf.subarray(0, got)) : decoder.end();
      pending += text;
      if (first && pending.length > 0) {
        if (pending.charCodeAt(0) === 0xfeff) pending = pending.slice(1);
        first = false;
      }
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        yield line.endsWith('\r') ? line.slice(0, -1) : line;
      }
      if (got === 0) break;
    }
    if (pending.length > 0) yield pending.endsWith('\r') ? pending.slice(0, -1) : pending;
  } finally {
    closeSync(fd);
  }
}
