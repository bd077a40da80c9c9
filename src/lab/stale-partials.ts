import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Folders a killed routesim left beside an output directory: `<dir>.partial-<pid>` (results
 * being built), `<dir>.old-<pid>` (the earlier results while being swapped out) and the
 * writability probe. They are removed once the process that made them is gone; an `.old-`
 * folder whose directory is missing (killed between the two renames of the swap) is put back
 * in place: it holds the user's earlier results.
 */

/** True unless the process is known to be gone (ESRCH); a pid we may not signal is alive. */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Cleans what dead processes left beside `target` (an absolute path); returns the names removed or restored. */
export function cleanStaleSiblings(target: string, alive: (pid: number) => boolean = isProcessAlive): string[] {
  const parent = dirname(target);
  if (!existsSync(parent)) return [];
  const pattern = new RegExp(`^(?:${escapeRegExp(basename(target))}\\.(partial|old)|\\.routesim-probe)-(\\d+)$`);
  const touched: string[] = [];
  let names: string[];
  try {
    names = readdirSync(parent).sort();
  } catch {
    return [];
  }
  for (const name of names) {
    const m = pattern.exec(name);
    if (m === null || alive(Number(m[2]))) continue;
    const path = join(parent, name);
    if (m[1] === 'old' && !existsSync(target)) renameSync(path, target);
    else rmSync(path, { recursive: true, force: true });
    touched.push(name);
  }
  return touched;
}
