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

/** What kind of directory may be replaced: one holding `marker` (or an empty one). */
export interface ReplaceableDir {
  readonly marker: string;
  /** For messages: "a routesim <kind> directory". */
  readonly kind: string;
}

const RESULTS_DIR: ReplaceableDir = { marker: RESULTS_MARKER, kind: 'results' };

/** Existing `dir` may be replaced only if it holds the marker (or is empty): never `--out src`. */
function checkReplaceable(dir: string, allowed: ReplaceableDir): void {
  if (!existsSync(dir)) return;
  const st = statSync(dir);
  if (!st.isDirectory()) throw new LabUsageError(`cannot write to ${dir}: it exists and is not a directory`);
  const isMarked = existsSync(join(dir, allowed.marker));
  const isEmpty = readdirSync(dir).length === 0;
  if (!isMarked && !isEmpty) {
    throw new LabUsageError(`refusing to replace ${dir}: it exists and is not a routesim ${allowed.kind} directory (no ${allowed.marker}); choose another --out`);
  }
}

/**
 * Builds `outDir` atomically: `fill` writes files (relative paths) into a fresh partial
 * directory; on success it replaces `outDir`, on any error the partial directory is removed
 * and the error rethrown with `outDir` untouched.
 */
export function writeDirectoryAtomically(
  outDir: string,
  fill: (write: (relPath: string, content: string) => void) => void,
  allowed: ReplaceableDir = RESULTS_DIR,
): void {
  const target = resolve(outDir);
  checkReplaceable(target, allowed);
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    fill((rel, content) => writeFileAtomic(pathInside(partial, rel), content));
    checkReplaceable(target, allowed);
    swapIntoPlace(partial, target);
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    throw e;
  }
}

function swapIntoPlace(partial: string, target: string): void {
  if (!existsSync(target)) {
    renameSync(partial, target);
    return;
  }
  const old = `${target}.old-${process.pid}`;
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
