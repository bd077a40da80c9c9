import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The source tree the guards read. */
export const SOURCE_ROOT = join(import.meta.dirname, '..', '..', 'src');

/** Every non-test .ts file under src/, as forward-slash paths relative to src/. */
export function sourceFiles(dir: string = SOURCE_ROOT): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => {
      const p = join(d, name);
      if (statSync(p).isDirectory()) return walk(p);
      return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
    });
  return walk(dir).map((p) => relative(dir, p).split('\\').join('/'));
}

/**
 * Lines of the source tree (outside `allowed` files) matching a forbidden pattern, as
 * `file:line: what: code`; line comments and doc-comment lines are not code.
 */
export function forbiddenUses(allowed: readonly RegExp[], forbidden: readonly (readonly [RegExp, string])[]): string[] {
  const offences: string[] = [];
  for (const f of sourceFiles()) {
    if (allowed.some((re) => re.test(f))) continue;
    readFileSync(join(SOURCE_ROOT, f), 'utf8').split('\n').forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      if (/^\s*\*/.test(code)) return;
      for (const [re, what] of forbidden) if (re.test(code)) offences.push(`${f}:${i + 1}: ${what}: ${line.trim()}`);
    });
  }
  return offences;
}
