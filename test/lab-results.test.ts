import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareSummary } from '../src/lab/compare-summary.js';
import { compareStrategies } from '../src/lab/compare.js';
import { writeDirectoryAtomically } from '../src/lab/atomic-dir.js';
import { MANIFEST_FILE, readManifest } from '../src/lab/output-manifest.js';
import { LabUsageError, ResultsFormatError } from '../src/lab/errors.js';
import { defaultCompareOutDir, defaultSweepOutDir } from '../src/lab/out-dir.js';
import { writeResults, type AnySummary, type ReportRenderer } from '../src/lab/results-writer.js';
import { readScenarioSource } from '../src/lab/scenario-source.js';
import { rerenderReport } from '../src/lab/summary-file.js';
import { buildSweepPoints, sweepScenario } from '../src/lab/sweep.js';
import { parseSetArgs } from '../src/lab/sweep-settings.js';
import { routesimVersion } from '../src/lab/version.js';
import { listTree, readTree } from './support/read-tree.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'lab-tiny.yaml');
const src = readScenarioSource(FIXTURE);

function runCompare(): CompareSummary {
  return compareStrategies(src.scenario, {
    strategies: ['round-robin', 'oracle'],
    replications: 2,
    origin: { file: 'test/fixtures/lab-tiny.yaml', sha256: src.sha256 },
    routesimVersion: routesimVersion(),
  });
}

/** A stand-in for src/report: (asynchronously) writes two files, records what it was given. */
function fakeRenderer(seen: AnySummary[] = []): ReportRenderer {
  return async (summary, write) => {
    seen.push(summary);
    await Promise.resolve();
    write('report.md', `# ${summary.scenario.name}\n`);
    write('charts/uptime.vl.json', '{}\n');
  };
}

/** The directory's entries (empty directories included) and every file's text. */
function snapshot(dir: string): { entries: string[]; files: Record<string, string> } {
  return { entries: listTree(dir), files: Object.fromEntries([...readTree(dir)].map(([f, bytes]) => [f, bytes.toString('utf8')])) };
}

describe('results directory', () => {
  let root: string;
  let summary: CompareSummary;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'routesim-lab-'));
    summary = runCompare();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes summary.json, the CSVs and the report files', async () => {
    const out = join(root, 'first');
    const seen: AnySummary[] = [];
    const files = await writeResults(summary, out, { render: fakeRenderer(seen) });
    expect(files).toEqual(['charts/uptime.vl.json', 'report.md', 'strategies.csv', 'summary.json', 'timeseries.csv']);
    expect(listTree(out)).toEqual([MANIFEST_FILE, 'charts', 'charts/uptime.vl.json', 'report.md', 'strategies.csv', 'summary.json', 'timeseries.csv']);
    expect(readManifest(out)).toEqual({ format: 'routesim-output', version: 1, kind: 'results', files });
    expect(seen).toEqual([summary]);
    expect(listTree(root)).toEqual(['first', ...listTree(out).map((f) => `first/${f}`)]);
  });

  it('summary.json is pretty, carries its provenance, has nulls for undefined numbers', () => {
    const text = readFileSync(join(root, 'first', 'summary.json'), 'utf8');
    const json = JSON.parse(text);
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'));
    expect(json).toMatchObject({ schemaVersion: 1, routesimVersion: pkg.version, seed: '11', kind: 'compare', scenario: { sha256: src.sha256 } });
    expect(text.split('\n')[1]).toBe('  "baseline": "round-robin",');
    // The oracle never detects an incident: mean detection time is undefined → null.
    expect(json.strategies[1].metrics.meanDetectS).toEqual({ hi: null, lo: null, mean: null, n: 0 });
  });

  it('summary.json is byte-identical across two complete runs', async () => {
    await writeResults(runCompare(), join(root, 'second'));
    expect(readFileSync(join(root, 'second', 'summary.json'), 'utf8')).toBe(readFileSync(join(root, 'first', 'summary.json'), 'utf8'));
    expect(readFileSync(join(root, 'second', 'strategies.csv'), 'utf8')).toBe(readFileSync(join(root, 'first', 'strategies.csv'), 'utf8'));
  });

  it('CSV files have one row per strategy / per strategy and bucket', () => {
    const strategies = readFileSync(join(root, 'first', 'strategies.csv'), 'utf8').trimEnd().split('\n');
    expect(strategies).toHaveLength(3);
    // Spelled out (not derived from METRICS, as the writer is): a metric added, dropped or
    // reordered changes the file users and scripts read, so it has to change this list too.
    const metrics = [
      'successRate', 'uptime', 'costTotalUsd', 'costPerRequestUsd', 'costPer1kSuccessfulUsd', 'latencyMeanMs', 'latencyP50Ms',
      'latencyP95Ms', 'latencyP99Ms', 'latencyAllP50Ms', 'latencyAllP99Ms', 'sloAttainment', 'ttftP50Ms', 'ttftP99Ms', 'queueWaitMeanMs', 'belowTierRate', 'qualityScore',
      'strongCallRate', 'retries', 'failovers', 'hedges', 'meanDetectS', 'meanRecoverS', 'undetectedIncidents', 'unrecoveredIncidents',
    ];
    expect(strategies[0].split(',')).toEqual(['strategy', 'rank', 'pareto', 'baseline', ...metrics.flatMap((m) => [`${m}_mean`, `${m}_lo`, `${m}_hi`])]);
    expect(strategies[1].split(',')[0]).toBe('round-robin');
    const ts = readFileSync(join(root, 'first', 'timeseries.csv'), 'utf8').trimEnd().split('\n');
    expect(ts[0]).toBe('strategy,tS,arrivals,successes,failures,meanLatencyMs,latencyP50Ms,latencyP99Ms,costUsd');
    expect(ts).toHaveLength(1 + 2 * 6);
  });

  it('a failure mid-write leaves the earlier directory intact and no partial or temp files', async () => {
    const out = join(root, 'first');
    const before = snapshot(out);
    // The second file cannot be created (its parent is a file): the disk phase fails halfway.
    const clashing: ReportRenderer = (_s, write) => {
      write('report.md', 'a new report');
      write('report.md/inner.txt', 'cannot exist');
    };
    await expect(writeResults(summary, out, { render: clashing })).rejects.toThrow();
    expect(snapshot(out)).toEqual(before);
    expect(listTree(root).filter((f) => /partial|\.tmp-|\.old-/.test(f))).toEqual([]);

    const crashing: ReportRenderer = async (_s, write) => {
      write('report.md', 'half of a new report');
      throw new Error('renderer crashed');
    };
    await expect(writeResults(summary, out, { render: crashing })).rejects.toThrow('renderer crashed');
    expect(snapshot(out)).toEqual(before);
  });

  it('writeDirectoryAtomically removes its partial directory when filling fails', () => {
    const out = join(root, 'first');
    const before = snapshot(out);
    expect(() =>
      writeDirectoryAtomically(out, (write) => {
        write('summary.json', '{"half": true}');
        write('strategies.csv', 'a,b\n');
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(snapshot(out)).toEqual(before);
    expect(listTree(root).filter((f) => /partial|\.tmp-|\.old-/.test(f))).toEqual([]);
  });

  it('a failed first run leaves no directory at all', async () => {
    const out = join(root, 'never');
    await expect(writeResults(summary, out, { render: () => { throw new Error('boom'); } })).rejects.toThrow('boom');
    expect(() => writeDirectoryAtomically(out, () => { throw new Error('boom'); })).toThrow('boom');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(root).filter((f) => f.startsWith('never'))).toEqual([]);
  });

  it('replaces an earlier result only when complete, and refuses to replace other directories', async () => {
    const out = join(root, 'replace');
    await writeResults(summary, out, { render: fakeRenderer() });
    await writeResults(summary, out);
    expect(listTree(out)).toEqual([MANIFEST_FILE, 'strategies.csv', 'summary.json', 'timeseries.csv']);

    const precious = join(root, 'precious');
    mkdirSync(precious);
    writeFileSync(join(precious, 'notes.txt'), 'keep me');
    await expect(writeResults(summary, precious)).rejects.toThrow(LabUsageError);
    expect(listTree(precious)).toEqual(['notes.txt']);
    expect(readdirSync(root).filter((f) => f.startsWith('precious'))).toEqual(['precious']);
  });

  it('refuses report paths outside the directory and renderers that overwrite data files', async () => {
    const evil: ReportRenderer = (_s, write) => write('../escaped.txt', 'x');
    await expect(writeResults(summary, join(root, 'evil'), { render: evil })).rejects.toThrow(/outside the output directory/);
    expect(existsSync(join(root, 'escaped.txt'))).toBe(false);
    expect(existsSync(join(root, 'evil'))).toBe(false);
    const clobber: ReportRenderer = (_s, write) => write('summary.json', '{}');
    await expect(writeResults(summary, join(root, 'evil'), { render: clobber })).rejects.toThrow(/may not overwrite summary.json/);
  });

  it('re-renders the report from summary.json without simulating', async () => {
    const seen: AnySummary[] = [];
    const dir = join(root, 'second');
    const files = await rerenderReport(dir, fakeRenderer(seen));
    expect(files).toEqual(['charts/uptime.vl.json', 'report.md']);
    // NaN survives the round trip through null.
    expect(seen[0]).toEqual(summary);
    expect(listTree(dir)).toContain('report.md');
    await expect(rerenderReport(dir, (_s, write) => write('summary.json', '{}'))).rejects.toThrow(/may not overwrite/);
  });

  it('a re-rendered report joins the manifest, so the directory stays routesim\'s to replace', async () => {
    const out = join(root, 'rerendered');
    await writeResults(summary, out);
    await rerenderReport(out, fakeRenderer());
    expect(readManifest(out)?.files).toEqual(['charts/uptime.vl.json', 'report.md', 'strategies.csv', 'summary.json', 'timeseries.csv']);
    await writeResults(summary, out);
    expect(listTree(out)).toEqual([MANIFEST_FILE, 'strategies.csv', 'summary.json', 'timeseries.csv']);
  });

  it('refuses a summary of another schema version, a missing one, or a non-results directory', async () => {
    const dir = join(root, 'old-schema');
    mkdirSync(dir);
    writeFileSync(join(dir, 'summary.json'), JSON.stringify({ schemaVersion: 99, kind: 'compare', strategies: [] }));
    await expect(rerenderReport(dir, fakeRenderer())).rejects.toThrow(ResultsFormatError);
    await expect(rerenderReport(dir, fakeRenderer())).rejects.toThrow(/schemaVersion 99; this routesim reads schemaVersion 1/);
    writeFileSync(join(dir, 'summary.json'), '{ not json');
    await expect(rerenderReport(dir, fakeRenderer())).rejects.toThrow(/not valid JSON/);
    await expect(rerenderReport(join(root, 'nowhere'), fakeRenderer())).rejects.toThrow(/no such results directory/);
    await expect(rerenderReport(join(root, 'precious'), fakeRenderer())).rejects.toThrow(/no summary.json here/);
  });

  it('writes sweep results with a points table', async () => {
    const axes = parseSetArgs(['traffic.arrivals.ratePerS=2,3']);
    const built = buildSweepPoints(src.text, src.file, axes);
    const sweep = sweepScenario(built.base, built.points, { axes, replications: 1 });
    const out = join(root, 'sweep');
    expect(await writeResults(sweep, out)).toEqual(['points.csv', 'summary.json']);
    const rows = readFileSync(join(out, 'points.csv'), 'utf8').trimEnd().split('\n');
    expect(rows[0].startsWith('traffic.arrivals.ratePerS,strategy,successRate_mean')).toBe(true);
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 2).join(','))).toEqual(['2,round-robin', '3,round-robin']);
  });
});

describe('default output directories', () => {
  it('are deterministic and readable', () => {
    expect(defaultCompareOutDir('quickstart', ['round-robin', 'p2c-ewma'], false)).toBe(join('results', 'quickstart-round-robin+p2c-ewma'));
    expect(defaultCompareOutDir('quickstart', ['a', 'b'], true)).toBe(join('results', 'quickstart-compare'));
    expect(defaultCompareOutDir('my scenario/x', ['a', 'b', 'c', 'd', 'e'], false)).toBe(join('results', 'my_scenario_x-compare'));
    expect(defaultSweepOutDir('quickstart', [{ path: 'traffic.arrivals.ratePerS', values: [1] }])).toBe(join('results', 'quickstart-sweep-traffic.arrivals.ratePerS'));
  });
});
