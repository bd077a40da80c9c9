import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPlainObject } from '../core/is-plain-object.js';

/**
 * What routesim wrote into an output directory: `.routesim-manifest.json` names routesim's
 * kind of output and lists every file it wrote there. An existing directory is replaced only
 * when it holds this manifest (of the same kind) and nothing besides the files it lists, so a
 * user's own files (or a directory that merely contains a file called summary.json) are
 * never deleted: such a directory is refused instead.
 */

export const MANIFEST_FILE = '.routesim-manifest.json';
const MANIFEST_FORMAT = 'routesim-output';
const MANIFEST_VERSION = 1;

export interface OutputManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly version: number;
  /** 'results', 'partial', …: a directory is only replaced by output of its own kind. */
  readonly kind: string;
  /** Relative paths ('/'-separated), sorted; the manifest itself is not listed. */
  readonly files: readonly string[];
}

export function manifestContent(kind: string, files: readonly string[]): string {
  const manifest: OutputManifest = { format: MANIFEST_FORMAT, version: MANIFEST_VERSION, kind, files: [...new Set(files)].sort() };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The directory's manifest, or undefined when it has none (or one routesim did not write). */
export function readManifest(dir: string): OutputManifest | undefined {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file) || !lstatSync(file).isFile()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (!isPlainObject(value) || value.format !== MANIFEST_FORMAT || value.version !== MANIFEST_VERSION || typeof value.kind !== 'string') return undefined;
  const files = value.files;
  if (!Array.isArray(files) || !files.every((f): f is string => typeof f === 'string')) return undefined;
  return { format: MANIFEST_FORMAT, version: MANIFEST_VERSION, kind: value.kind, files };
}

/**
 * Entries under `dir` (files, links and folders, relative, '/'-separated) that the manifest
 * does not account for: unlisted files, and folders holding no listed file. Links are never
 * followed. Sorted, so messages are stable.
 */
export function foreignEntries(dir: string, manifest: OutputManifest): string[] {
  const listed = new Set(manifest.files);
  const folders = new Set(manifest.files.flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  const foreign: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel === '' ? name : `${rel}/${name}`;
      if (path === MANIFEST_FILE) continue;
      const st = lstatSync(join(dir, path));
      if (st.isDirectory() && folders.has(path)) walk(path);
      else if (st.isDirectory() || !st.isFile() || !listed.has(path)) foreign.push(st.isDirectory() ? `${path}/` : path);
    }
  };
  walk('');
  return foreign;
}
