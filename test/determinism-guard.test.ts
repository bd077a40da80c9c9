import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Keeps wall-clock time and ambient randomness out of simulation and routing code. Only the
 * real-time adapter, the CLI (progress bars) and benchmarks may touch them.
 */
const ROOT = join(import.meta.dirname, '..', 'src');
const ALLOWED = [/^core\/real-scheduler\.ts$/, /^cli\//, /^bench\//];
const FORBIDDEN: [RegExp, string][] = [
  [/\bDate\s*\.\s*now\b|\bnew\s+Date\b/, 'Date'],
  [/\bMath\s*\.\s*random\b/, 'Math.random'],
  [/\bsetTimeout\b|\bsetInterval\b|\bsetImmediate\b/, 'timers'],
  [/\bperformance\s*\.\s*now\b/, 'performance.now'],
  [/\bprocess\s*\.\s*hrtime\b/, 'process.hrtime'],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('determinism guard', () => {
  const files = sourceFiles(ROOT).map((p) => relative(ROOT, p).split('\\').join('/'));

  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('no wall clock, timers or Math.random outside the real-time adapter, CLI and benchmarks', () => {
    const offences: string[] = [];
    for (const f of files) {
      if (ALLOWED.some((re) => re.test(f))) continue;
      const lines = readFileSync(join(ROOT, f), 'utf8').split('\n');
      lines.forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        if (/^\s*\*/.test(code)) return; // doc comment lines
        for (const [re, what] of FORBIDDEN) if (re.test(code)) offences.push(`${f}:${i + 1}: ${what}: ${line.trim()}`);
      });
    }
    expect(offences).toEqual([]);
  });
});
