import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, parse, relative, resolve } from 'node:path';
import { LabUsageError } from './errors.js';
import { MANIFEST_FILE, foreignEntries, manifestContent, readManifest } from './output-manifest.js';
import { cleanStaleSiblings } from './stale-partials.js';
import { writeFileAtomic } from '../core/atomic-file.js';

/**
 * Crash-safe output. A file is written to a temporary name beside it and renamed into place;
 * a directory is built under `<dir>.partial-<pid>` and renamed into place only when complete,
 * so an interrupted or failed run leaves neither half-written files nor a half-replaced
 * directory, and an earlier complete directory stays as it was until the very end. Folders
 * left by a killed process (SIGKILL, power loss) are cleaned by the next write to the same
 * place (stale-partials.ts). The writes are synchronous: no signal handler or timer can run
 * between the first write and the swap.
 */

/** The file every results directory holds (its summary); read by `report` and `merge`'s hints. */
export const RESULTS_MARKER = 'summary.json';

/**
 * Creates `dir` and its missing parents one level at a time. Node's `mkdirSync(…, { recursive })`
 * loops forever where the kernel answers ENOENT for a parent that exists (e.g. under /proc).
 */
export function makeDirectories(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  while (!existsSync(at)) {
    missing.push(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  if (existsSync(at) && !statSync(at).isDirectory()) throw new LabUsageError(`cannot write to ${dir}: ${at} is not a directory`);
  for (const d of missing.reverse()) mkdirSync(d);
}

/** `root/rel`, refusing paths that would land outside root; creates parent folders. */
export function pathInside(root: string, rel: string): string {
  const target = resolve(root, rel);
  const r = relative(resolve(root), target);
  if (rel === '' || isAbsolute(rel) || r === '' || r.startsWith('..') || isAbsolute(r)) {
    throw new RangeError(`refusing to write '${rel}' outside the output directory`);
  }
  makeDirectories(dirname(target));
  return target;
}

/** What kind of directory may be replaced: one whose manifest is of this kind (or an empty one). */
export interface ReplaceableDir {
  /** The manifest's kind; for messages: "a routesim <kind> directory". */
  readonly kind: string;
}

/** A results directory (compare, sweep, merge, quality). */
export const RESULTS_DIR: ReplaceableDir = { kind: 'results' };

/**
 * Existing `dir` may be replaced only if it is empty, or routesim wrote it (its manifest, of
 * this kind) and it holds nothing else: never `--out src`, never a folder the user added to.
 */
function checkReplaceable(dir: string, allowed: ReplaceableDir, shown: string = dir): void {
  if (!existsSync(dir) && !isDanglingLink(dir)) return;
  if (!lstatSync(dir).isDirectory()) throw new LabUsageError(`cannot write to ${shown}: it exists and is not a directory`);
  if (readdirSync(dir).length === 0) return;
  const manifest = readManifest(dir);
  if (manifest === undefined || manifest.kind !== allowed.kind) {
    throw new LabUsageError(`refusing to replace ${shown}: it exists and is not a routesim ${allowed.kind} directory (no ${MANIFEST_FILE} of routesim's); choose another --out`);
  }
  const foreign = foreignEntries(dir, manifest);
  if (foreign.length > 0) {
    const examples = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? `, … (${foreign.length} in all)` : '');
    throw new LabUsageError(`refusing to replace ${shown}: it holds files routesim did not write (${examples}); move them away or choose another --out`);
  }
}

const isDanglingLink = (p: string) => {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
};

/**
 * Checks, before any work, that `outDir` can be written: it is replaceable (see above) and
 * its nearest existing parent is a directory this process can create folders in (probed by
 * creating and removing one). Throws LabUsageError (exit 2) naming the problem.
 */
export function checkOutputDir(outDir: string, allowed: ReplaceableDir = RESULTS_DIR): void {
  const target = resolve(outDir);
  checkReplaceable(target, allowed, outDir);
  let parent = dirname(target);
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
  probeWritable(outDir, parent);
}

/** Checks, before any work, that the file `path` can be written (atomically, beside itself): its folder exists and accepts new files, and `path` is no directory. */
export function checkOutputFile(path: string): void {
  const target = resolve(path);
  if (existsSync(target) && statSync(target).isDirectory()) throw new LabUsageError(`cannot write to ${path}: it is a directory`);
  const parent = dirname(target);
  if (!existsSync(parent)) throw new LabUsageError(`cannot write to ${path}: no such directory ${dirname(path)}`);
  probeWritable(path, parent);
}

function probeWritable(what: string, parent: string): void {
  if (!statSync(parent).isDirectory()) throw new LabUsageError(`cannot write to ${what}: ${parent} is not a directory`);
  const probe = join(parent, `.routesim-probe-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new LabUsageError(`cannot write to ${what}: ${parent} does not accept new files (${code})`);
  }
}

/**
 * Builds `outDir` atomically: `fill` writes files (relative paths) into a fresh partial
 * directory; on success it replaces `outDir`, on any error the partial directory is removed
 * and the error rethrown with `outDir` untouched. A manifest of the files written goes with
 * them, so a later run may replace exactly this directory.
 */
export function writeDirectoryAtomically(
  outDir: string,
  fill: (write: (relPath: string, content: string) => void) => void,
  allowed: ReplaceableDir = RESULTS_DIR,
): void {
  const target = resolve(outDir);
  if (parse(target).root === target) throw new LabUsageError(`refusing to replace ${outDir}: it is a filesystem root`);
  cleanStaleSiblings(target);
  checkOutputDir(outDir, allowed);
  makeDirectories(dirname(target));
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  try {
    const written: string[] = [];
    fill((rel, content) => {
      if (rel === MANIFEST_FILE) throw new RangeError(`refusing to write '${rel}': routesim's own manifest`);
      writeFileAtomic(pathInside(partial, rel), content);
      written.push(relative(partial, resolve(partial, rel)).split('\\').join('/'));
    });
    writeFileAtomic(join(partial, MANIFEST_FILE), manifestContent(allowed.kind, written));
    checkReplaceable(target, allowed, outDir);
    swapIntoPlace(partial, target);
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    throw e;
  }
}

/** Adds files written into an existing routesim directory (e.g. a re-rendered report) to its manifest, if it has one. */
export function addToManifest(dir: string, files: readonly string[]): void {
  const manifest = readManifest(dir);
  if (manifest === undefined) return;
  writeFileAtomic(join(dir, MANIFEST_FILE), manifestContent(manifest.kind, [...manifest.files, ...files]));
}

function swapIntoPlace(partial: string, target: string): void {
  if (!existsSync(target) && !isDanglingLink(target)) {
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
