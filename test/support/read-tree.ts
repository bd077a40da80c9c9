import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';

/** Every file and directory under `dir`, as sorted relative paths (empty directories included). */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      out.push(relative(dir, p));
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Every file under `dir` (relative path → bytes), in sorted path order. */
export function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const f of listTree(dir)) {
    const p = join(dir, f);
    if (!statSync(p).isDirectory()) files.set(f, readFileSync(p));
  }
  return files;
}

/** `actual` holds exactly the directories and files of `expected`, byte for byte. */
export function expectSameTree(actual: string, expected: string): void {
  expect(listTree(actual)).toEqual(listTree(expected));
  const a = readTree(actual);
  const e = readTree(expected);
  expect([...a.keys()]).toEqual([...e.keys()]);
  for (const [f, bytes] of e) expect(a.get(f)!.equals(bytes), f).toBe(true);
}
