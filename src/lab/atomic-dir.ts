import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { LabUsageError } from './errors.js';

/**
 * Crash-safe output. A file is written to a temporary name beside it and renamed into place;
 * a directory is built under `<dir>.partial-<pid>` and renamed into place only when complete,
 * so an interrupted or failed run leaves neither half-written files nor a half-replaced
 * directory, and an earlier complete directory stays as it was until the very end.
 */

/** The marker that makes an existing directory safe to replace: it holds results. */
export const RESULTS_MARKER = 'summary.json';

export function writeFileAtomic(path: string, content: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** `root/rel`, refusing paths that would land outside root; creates parent folders. */
export function pathInside(root: string, rel: string): string {
  const target = resolve(root, rel);
  const r = relative(resolve(root), target);
  if (rel === '' || isAbsolute(rel) || r === '' || r.startsWith('..') || isAbsolute(r)) {
    throw new RangeError(`refusing to write '${rel}' outside the output directory`);
  }
  mkdirSync(dirname(target), { recursive: true });
  return target;
}

/** Existing `dir` may be replaced only if it is a results directory (or empty): never `--out src`. */
function checkReplaceable(dir: string): void {
  if (!existsSync(dir)) return;
  const st = statSync(dir);
  if (!st.isDirectory()) throw new LabUsageError(`cannot write results to ${dir}: it exists and is not a directory`);
  const isResults = existsSync(join(dir, RESULTS_MARKER));
  const isEmpty = readdirSync(dir).length === 0;
  if (!isResults && !isEmpty) {
    throw new LabUsageError(`refusing to replace ${dir}: it exists and is not a routesim results directory (no ${RESULTS_MARKER}); choose another --out`);
  }
}

export interface AtomicDirOptions {
  /** Distinguishes concurrent writers; default process.pid. */
  readonly tag?: number | string;
}

/**
 * Builds `outDir` atomically: `fill` writes files (relative paths) into a fresh partial
 * directory; on success it replaces `outDir`, on any error the partial directory is removed
 * and the error rethrown with `outDir` untouched.
 */
export function writeDirectoryAtomically(outDir: string, fill: (write: (relPath: string, content: string) => void) => void, opts: AtomicDirOptions = {}): void {
  const tag = opts.tag ?? process.pid;
  const target = resolve(outDir);
  checkReplaceable(target);
  const partial = `${target}.partial-${tag}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    fill((rel, content) => writeFileAtomic(pathInside(partial, rel), content));
    checkReplaceable(target);
    swapIntoPlace(partial, target, tag);
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    throw e;
  }
}

function swapIntoPlace(partial: string, target: string, tag: number | string): void {
  if (!existsSync(target)) {
    renameSync(partial, target);
    return;
  }
  const old = `${target}.old-${tag}`;
  rmSync(old, { recursive: true, force: true });
  renameSync(target, old);
  try {
    renameSync(partial, target);
  } catch (e) {
    renameSync(old, target);
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}
