import { readFileSync, statSync, type Stats } from 'node:fs';

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
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw fail(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
