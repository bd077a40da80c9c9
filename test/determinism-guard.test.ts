import { describe, expect, it } from 'vitest';
import { forbiddenUses, sourceFiles } from './support/source-files.js';

/**
 * Keeps wall-clock time and ambient randomness out of simulation and routing code. Only the
 * real-time adapter, the CLI (progress bars) and benchmarks may touch them.
 */
const ALLOWED = [/^core\/real-scheduler\.ts$/, /^cli\//, /^bench\//];
const FORBIDDEN: [RegExp, string][] = [
  [/\bDate\s*\.\s*now\b|\bnew\s+Date\b/, 'Date'],
  [/\bMath\s*\.\s*random\b/, 'Math.random'],
  [/\bsetTimeout\b|\bsetInterval\b|\bsetImmediate\b/, 'timers'],
  [/\bperformance\s*\.\s*now\b/, 'performance.now'],
  [/\bprocess\s*\.\s*hrtime\b/, 'process.hrtime'],
];

describe('determinism guard', () => {
  it('finds the source tree', () => {
    expect(sourceFiles().length).toBeGreaterThan(20);
  });

  it('no wall clock, timers or Math.random outside the real-time adapter, CLI and benchmarks', () => {
    expect(forbiddenUses(ALLOWED, FORBIDDEN)).toEqual([]);
  });
});
