import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenarioText } from '../src/config/load-scenario.js';
import type { Scenario } from '../src/config/scenario-schema.js';
import { metricValuesOf } from '../src/lab/metric-values.js';
import { runQualitySweep } from '../src/lab/quality/quality-sweep.js';
import { oracleRouter, randomRouter } from '../src/lab/quality/reference-routers.js';
import type { QualityRunSummary } from '../src/metrics/run-summary.js';
import { runScenario } from '../src/sim/run-scenario.js';
import { cli } from './support/cli.js';
import { errorLines } from './support/scenario-errors.js';

/**
 * Quality-aware routing end to end on the real RouteLLM GSM8K data: ground truth on requests,
 * the quality score in run summaries, the threshold strategy in the simulator, the sweep and
 * the `routesim quality` command.
 */
const HERE = resolve('test');
const GSM8K_STRONG = 1121 / 1307;
const GSM8K_WEAK = 833 / 1307;

function scenarioText(opts: { quality?: boolean; ratePerS?: number; durationS?: number; params?: string } = {}): string {
  return `
name: quality-test
seed: 5
durationS: ${opts.durationS ?? 600}
traffic:
  arrivals: { kind: poisson, ratePerS: ${opts.ratePerS ?? 10} }
  inputTokens: 200
  outputTokens: { kind: lognormal, median: 200, p99: 800 }
${opts.quality === false ? '' : '  quality: { from: routellm, path: ../../shared/data/routellm-evals/gsm8k, benchmark: gsm8k }'}
providers:
  - id: strong-co
    models: [{ id: gpt-4, qualityTier: high, inputUsdPerMTok: 10, outputUsdPerMTok: 30 }]
  - id: weak-co
    models: [{ id: mixtral, qualityTier: medium, inputUsdPerMTok: 0.6, outputUsdPerMTok: 0.6 }]
router:
  strategy: quality-threshold
  params: ${opts.params ?? '{ threshold: 0.5, noise: 1 }'}
replications: 2
`;
}

const load = (text: string): Scenario => parseScenarioText(text, join(HERE, 'quality-test.yaml'));
const base = load(scenarioText());
const withParams = (s: Scenario, threshold: number, noise: number): Scenario => ({ ...s, router: { ...s.router, params: { threshold, noise } } });
const quality = (s: Scenario, strategy?: string): QualityRunSummary => runScenario(s, { strategy }).quality!;

describe('scenario loading', () => {
  it('resolves traffic.quality.path against the scenario file and reads the data at load time', () => {
    expect(base.traffic.quality!.path).toBe(resolve('../shared/data/routellm-evals/gsm8k'));
  });

  it('a missing data folder is a ScenarioError at traffic.quality.path with its line', () => {
    const text = scenarioText().replace('routellm-evals/gsm8k', 'routellm-evals/nope');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('quality:')) + 1;
    const column = lines[line - 1].indexOf('../../shared') + 1;
    expect(errorLines(() => load(text))).toEqual([
      `${join(HERE, 'quality-test.yaml')}:${line}:${column}: traffic.quality.path: cannot use the quality data: ${resolve('../shared/data/routellm-evals/nope')}: no such file or folder`,
    ]);
  });
});

describe('quality in the simulator (real GSM8K ground truth)', () => {
  it('all traffic to one model: the quality score is that model\'s accuracy on the data (binomial 5σ)', () => {
    const weak = quality(base, 'cost'); // cost routing sends medium-tier requests to the cheap medium model
    const strong = quality(withParams(base, 0, 1));
    for (const [q, p, rate] of [[weak, GSM8K_WEAK, 0], [strong, GSM8K_STRONG, 1]] as const) {
      expect(q.served).toBeGreaterThan(5000);
      expect(q.strongCallRate).toBe(rate);
      expect(Math.abs(q.score - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / q.served));
    }
    expect(weak.score).toBe(weak.weakOnlyScore);
    expect(strong.score).toBe(strong.strongOnlyScore);
    expect(weak.pgr).toBe(0);
    expect(strong.pgr).toBe(1);
  });

  it('noise 0 realises the oracle on the simulated requests: strong calls = strong wins, score = per-request best', () => {
    const q = quality(withParams(base, 0.5, 0));
    expect(q.strongCallRate).toBeCloseTo(q.strongWinRate, 15);
    expect(q.score).toBeCloseTo(q.oracleScore, 15);
    expect(q.score).toBeGreaterThan(q.strongOnlyScore);
  });

  it('the strong-call rate never rises with the threshold (same requests, same noise at every threshold)', () => {
    let previous = Infinity;
    const rates: number[] = [];
    for (const t of [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1]) {
      const r = quality(withParams(base, t, 1.5)).strongCallRate;
      expect(r).toBeLessThanOrEqual(previous);
      previous = r;
      rates.push(r);
    }
    expect(rates[0]).toBe(1);
    expect(rates[rates.length - 1]).toBeLessThan(0.1);
  });

  it('adding traffic.quality shifts no other random stream: arrivals, tokens and round-robin outcomes are identical', () => {
    const without = runScenario(load(scenarioText({ quality: false })), { strategy: 'round-robin' });
    const withTruth = runScenario(base, { strategy: 'round-robin' });
    expect(withTruth.requests).toEqual(without.requests);
    expect(withTruth.latencyMs).toEqual(without.latencyMs);
    expect(withTruth.costUsd).toEqual(without.costUsd);
    expect(withTruth.tokens).toEqual(without.tokens);
    expect(without.quality).toBeUndefined();
    expect(metricValuesOf(without).qualityScore).toBeNaN();
    const values = metricValuesOf(withTruth);
    expect(values.qualityScore).toBe(withTruth.quality!.score);
    expect(values.strongCallRate).toBeCloseTo(0.5, 2);
  });
});

describe('the threshold sweep', () => {
  const small = load(scenarioText({ durationS: 300 }));
  const summary = runQualitySweep(small, { thresholds: [0, 0.25, 0.5, 0.75, 1], noises: [0, 2], replications: 2 });

  it('has one curve per noise level with one point per threshold, and the exact references', () => {
    expect(summary.kind).toBe('quality');
    expect(summary.curves.map((c) => c.noise)).toEqual([0, 2]);
    for (const c of summary.curves) expect(c.points.map((p) => p.threshold)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(summary.data.prompts).toBe(1307);
    expect(summary.references.random.apgr).toBeCloseTo(0.5, 14);
    expect(summary.strongDeployments).toEqual(['strong-co/gpt-4']);
  });

  it('noise 0: CPT(50%) and CPT(80%) are the oracle\'s on the simulated requests (x · (w − l)), APGR between random and oracle', () => {
    const c = summary.curves[0];
    // With σ = 0 every threshold > 0 is the oracle point (w, w/(w − l)); the curve (0,0)–(w, ·) is the oracle's own segment.
    const w = summary.simulated.strongWinRate.mean;
    const gap = summary.simulated.strongOnlyScore.mean - summary.simulated.weakOnlyScore.mean;
    expect(c.cpt50.mean).toBeCloseTo(0.5 * gap, 10);
    expect(c.cpt80.mean).toBeCloseTo(0.8 * gap, 10);
    expect(c.points[2].strongCallRate.mean).toBeCloseTo(w, 12);
    expect(c.apgr.mean).toBeGreaterThan(0.5);
    expect(c.apgr.mean).toBeLessThan(summary.references.oracle.apgr);
    // Noisier predictor, worse curve.
    expect(summary.curves[1].apgr.mean).toBeLessThan(c.apgr.mean);
    expect(summary.curves[1].cpt80.mean).toBeGreaterThan(c.cpt80.mean);
  });

  it('references equal the exact functions of the data', () => {
    expect(summary.references.oracle.apgr).toBeGreaterThan(1);
    const o = oracleRouter([{ strongCorrect: true, weakCorrect: false }, { strongCorrect: false, weakCorrect: false }]);
    expect(o.cpt50).toBeCloseTo(0.25, 14);
    expect(randomRouter([{ strongCorrect: true, weakCorrect: false }]).apgr).toBe(0.5);
  });
});

describe('routesim quality', () => {
  const dir = mkdtempSync(join(tmpdir(), 'routesim-quality-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes summary.json, points.csv, the report and the cost–quality chart, and prints the metrics table', async () => {
    const file = join(dir, 'q.yaml');
    writeFileSync(file, scenarioText({ durationS: 120 }).replace('../../shared/data', resolve('../shared/data')));
    const out = join(dir, 'out');
    const r = await cli(['quality', file, '--thresholds', '0:1:0.5', '--noise', '1', '--replications', '1', '--out', out, '--quiet']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    for (const f of ['summary.json', 'points.csv', 'report.md', 'report.html', 'charts/cost-quality.vl.json', 'charts/cost-quality.svg']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.kind).toBe('quality');
    expect(summary.curves[0].points.map((p: { threshold: number }) => p.threshold)).toEqual([0, 0.5, 1]);
    expect(readFileSync(join(out, 'points.csv'), 'utf8').trim().split('\n')).toHaveLength(4);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('## Quality-aware routing');
    expect(readFileSync(join(out, 'charts/cost-quality.svg'), 'utf8')).toMatch(/^<svg/);
    expect(r.stdout).toMatch(/APGR\s+CPT\(50%\)\s+CPT\(80%\)/);
    expect(r.stdout).toMatch(/oracle \(exact\)\s+1\.1\d\d/);
  });
});
