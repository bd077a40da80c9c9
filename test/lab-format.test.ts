import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fmtDeltaPp, fmtDeltaRel, fmtFractionCi, fmtMsCi, fmtUsdCi, formatCompareTable, formatSweepTable } from '../src/cli/format-compare.js';
import { compareStrategies } from '../src/lab/compare.js';
import type { CompareSummary } from '../src/lab/compare-summary.js';
import { openAtCapLines } from '../src/report/open-pairs-text.js';
import { readScenarioSource } from '../src/lab/scenario-source.js';
import { buildSweepPoints, sweepScenario } from '../src/lab/sweep.js';
import { parseSetArgs } from '../src/lab/sweep-settings.js';

const src = readScenarioSource(join(import.meta.dirname, 'fixtures', 'lab-tiny.yaml'));

describe('compare/sweep text output', () => {
  it('formats intervals and differences', () => {
    expect(fmtFractionCi({ mean: 0.9917, lo: 0.9834, hi: 1.0, n: 5 })).toBe('99.17% ±0.83');
    expect(fmtFractionCi({ mean: 0.5, lo: 0.5, hi: 0.5, n: 1 })).toBe('50.00%');
    expect(fmtFractionCi({ mean: NaN, lo: NaN, hi: NaN, n: 0 })).toBe('–');
    expect(fmtUsdCi({ mean: 3.222, lo: 3.181, hi: 3.263, n: 5 })).toBe('$3.222 ±0.0410');
    expect(fmtMsCi({ mean: 28862, lo: 27659, hi: 30065, n: 5 })).toBe('28,862 ±1,203');
    expect(fmtDeltaPp(undefined)).toBe('base');
    expect(fmtDeltaPp({ mean: 0.0167, lo: 0.01, hi: 0.02, significant: true })).toBe('+1.67pp');
    expect(fmtDeltaPp({ mean: -0.0167, lo: -0.03, hi: 0.001, significant: false })).toBe('≈−1.67pp');
    expect(fmtDeltaRel({ mean: -0.5, lo: -0.6, hi: -0.4, significant: true }, 4)).toBe('−12.5%');
    expect(fmtDeltaRel({ mean: 1, lo: -1, hi: 3, significant: false }, 0)).toBe('–');
  });

  it('prints a ranked compare table with the baseline, markers and notes', () => {
    const summary = compareStrategies(src.scenario, { strategies: ['cost', 'round-robin', 'oracle'], replications: 2 });
    const text = formatCompareTable(summary);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^#\s+strategy\s+uptime\s+success\s+cost\/1k ok\s+p99 all ms\s+below tier\s+Δ uptime\s+Δ cost\s+Δ p99\s+Pareto$/);
    const rows = lines.slice(2, 5);
    const ranked = [...summary.strategies].sort((a, b) => a.rank - b.rank).map((s) => s.strategy);
    expect(rows.map((r) => r.split(/\s+/)[1])).toEqual(ranked);
    expect(rows.find((r) => r.includes('round-robin'))).toMatch(/base\s+base\s+base/);
    expect(text).toContain("baseline 'round-robin'");
    expect(text).toContain("'oracle' sees the simulator's ground truth");
    const starred = rows.filter((r) => r.endsWith('★')).length;
    expect(starred).toBe(summary.strategies.filter((s) => s.pareto).length);
  });

  it('names the pairs a sequential compare left open at its cap, and nothing when all settled or the run was fixed-size', () => {
    const summary = compareStrategies(src.scenario, { strategies: ['cost', 'round-robin', 'p2c', 'oracle'], replications: 3, minReplications: 2 });
    const fixed = compareStrategies(src.scenario, { strategies: ['cost', 'round-robin'], replications: 3 });
    expect(openAtCapLines(fixed)).toEqual([]);
    // Make cost's uptime lower than everyone's in one replication of three (1 bucket): a gap
    // no 95% interval on 3 pairs can separate, wider than uptime's 0.05 pt zone.
    const capped: CompareSummary = {
      ...summary,
      strategies: summary.strategies.map((s) => {
        const uptime = Array.from({ length: 3 }, (_, r) => (s.strategy === 'cost' && r === 1 ? 0.98 : 1));
        return { ...s, replicationsRun: 3, stopReason: 'cap' as const, values: { ...s.values, uptime, costPer1kSuccessfulUsd: [1, 1, 1], latencyAllP99Ms: [1, 1, 1] } };
      }),
    };
    const lines = openAtCapLines(capped);
    expect(lines).toEqual(['Not settled by the cap of 3 replications (their order could still change with more: raise --replications): cost against 3 others.']);
    expect(formatCompareTable(capped)).toContain(lines[0]);
    const settled: CompareSummary = { ...capped, strategies: capped.strategies.map((s) => ({ ...s, stopReason: 'settled' as const })) };
    expect(openAtCapLines(settled)).toEqual([]);
  });

  it('prints one sweep row per point and strategy', () => {
    const axes = parseSetArgs(['traffic.arrivals.ratePerS=2,3']);
    const built = buildSweepPoints(src.text, src.file, axes);
    const text = formatSweepTable(sweepScenario(built.base, built.points, { axes, strategies: ['p2c'], replications: 1 }));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^arrivals\.ratePerS\s+strategy\s+uptime/);
    expect(lines.slice(2, 4).map((l) => l.trim().split(/\s+/).slice(0, 2))).toEqual([
      ['2', 'p2c'],
      ['3', 'p2c'],
    ]);
  });
});
