import { closeSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { compressedFileDetail, MAGIC_BYTES } from './compressed-data.js';

/**
 * A file the user named, checked before it is read: missing or unreadable, a directory, or
 * not a regular file (a device or pipe such as /dev/zero could be read forever) becomes the
 * caller's own user error, through `fail(detail)`, naming what went wrong.
 */
export function statUserFile(path: string, fail: (detail: string) => Error, directoryDetail = 'is a directory, not a file'): Stats {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw fail(code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? (e as Error).message})`);
  }
  if (st.isDirectory()) throw fail(directoryDetail);
  if (!st.isFile()) throw fail('is not a regular file');
  return st;
}

/** The UTF-8 text of a file the user named (see statUserFile for what is refused, and how). */
export function readUserFile(path: string, fail: (detail: string) => Error, directoryDetail?: string): string {
  statUserFile(path, fail, directoryDetail);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw fail(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const compressed = compressedFileDetail(bytes.subarray(0, MAGIC_BYTES));
  if (compressed !== undefined) throw fail(compressed);
  return bytes.toString('utf8');
}

/** The first `n` bytes of a file (fewer when it is shorter); for sniffing what a file is. */
export function readFileHead(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(n);
    return head.subarray(0, readSync(fd, head, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}
