import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseScenarioText } from '../config/load-scenario.js';
import { createRng } from '../core/rng.js';
import { ExponentialDistribution } from '../sim/distributions/exponential.js';
import { LognormalDistribution } from '../sim/distributions/lognormal.js';
import { fitLatencyGroups, readLatencyInputs } from './fit-latency.js';
import { fitOutageGroups } from './fit-outages.js';
import { flowYaml } from './format/flow-yaml.js';
import { latencyYamlBlock } from './format/latency-yaml.js';
import { outageYamlBlock } from './format/outage-yaml.js';
import { readIncidentCsv, type IncidentRecord } from './input/incident-reader.js';
import { qqChart } from './qq-chart.js';
import { compileChart } from '../report/compile-chart.js';

const LLMPERF = '../shared/data/llmperf-leaderboard';
const UPTIME = '../shared/data/cloud-uptime-archive';

/** A provider with `block` pasted in, through the real scenario loader. */
function providerWith(block: string) {
  const indented = block.split('\n').map((l) => `    ${l}`).join('\n');
  const text = `name: t\ndurationS: 10\ntraffic: { arrivals: { kind: poisson, ratePerS: 1 } }\nproviders:\n  - id: p\n    models: [{ id: m }]\n${indented}\n`;
  return parseScenarioText(text, 't.yaml').providers[0];
}

describe('fit latency on llmperf (real data)', () => {
  const files = ['groq_70b', 'together_70b', 'lepton_13b'].map((f) => `${LLMPERF}/individual/${f}.json`);
  const groups = fitLatencyGroups(readLatencyInputs(files).observations);

  it('the TTFT sample is the one llmperf summarised (its p50, p90 and mean, to the last digit)', () => {
    for (const g of groups) {
      const summary = JSON.parse(readFileSync(`${LLMPERF}/summary/${g.group}.json`, 'utf8'));
      expect(g.requests).toBe(summary.results_num_requests_started);
      expect(g.requests - g.succeeded).toBe(summary.results_number_errors);
      const s = g.ttftMs!.summary;
      expect(s.median).toBeCloseTo(summary.results_ttft_s_quantiles_p50 * 1000, 9);
      expect(s.p90).toBeCloseTo(summary.results_ttft_s_quantiles_p90 * 1000, 9);
      expect(s.mean).toBeCloseTo(summary.results_ttft_s_mean * 1000, 9);
    }
  });

  it('fitted values are sane: groq streams ~4 ms/token, together ~12 ms; TTFTs of 0.2–1 s', () => {
    const by = Object.fromEntries(groups.map((g) => [g.group, g]));
    expect(by.groq_70b.msPerOutputToken!.summary.median).toBeGreaterThan(3);
    expect(by.groq_70b.msPerOutputToken!.summary.median).toBeLessThan(5);
    expect(by.together_70b.msPerOutputToken!.summary.median).toBeGreaterThan(9);
    expect(by.together_70b.msPerOutputToken!.summary.median).toBeLessThan(15);
    for (const g of groups) {
      expect(g.ttftMs!.summary.median).toBeGreaterThan(150);
      expect(g.ttftMs!.summary.median).toBeLessThan(1500);
      // The recommended distribution's median lies within the sample's interquartile-ish range.
      const best = g.ttftMs!.best!.fit!;
      expect(best.quantile(0.5) / g.ttftMs!.summary.median).toBeGreaterThan(0.9);
      expect(best.quantile(0.5) / g.ttftMs!.summary.median).toBeLessThan(1.1);
    }
    expect(by.lepton_13b.errors).toEqual({ 429: 130 });
  });

  it('--group-by provider pools a provider\'s files', () => {
    const obs = readLatencyInputs([7, 13, 70].map((b) => `${LLMPERF}/individual/together_${b}b.json`), { groupBy: 'provider' }).observations;
    const [g] = fitLatencyGroups(obs);
    expect(g.group).toBe('together');
    expect([g.requests, g.succeeded]).toEqual([450, 449]);
  });

  it('the printed block is valid YAML that a scenario accepts as the provider latency', () => {
    for (const g of groups) {
      const block = latencyYamlBlock(g, 'llmperf');
      const provider = providerWith(block);
      expect(provider.latency.ttftMs).toMatchObject({ kind: expect.stringMatching(/lognormal|gamma|weibull|empirical/) });
      expect(block).toMatch(new RegExp(`^# ${g.group}: ${g.requests} requests, ${g.succeeded} succeeded`));
    }
    expect(latencyYamlBlock(groups.find((g) => g.group === 'lepton_13b')!)).toContain('130 × 429');
  });

  it('Q–Q charts compile with Vega-Lite', () => {
    const g = groups[0];
    const chart = qqChart('qq', 'TTFT', 'ms', g.ttftMs!, g.samples.ttftMs);
    expect(compileChart(chart.name, chart.spec).warnings).toEqual([]);
    const values = ((chart.spec as { layer: { data: { values: unknown[] } }[] }).layer[1].data.values);
    expect(values).toHaveLength(150 * g.ttftMs!.candidates.length);
  });
});

describe('fit latency on CSV (real data)', () => {
  it('coder543: one group per model, per-token time from tokens/s', () => {
    const { observations, notes } = readLatencyInputs(['../shared/data/llm-speed-benchmark-coder543/output.csv'], { groupBy: 'Model Name' });
    const groups = fitLatencyGroups(observations);
    expect(notes[0]).toContain("ttft='Time To First Token'");
    expect(groups.reduce((n, g) => n + g.requests, 0)).toBe(245);
    for (const g of groups) if (g.msPerOutputToken) expect(g.msPerOutputToken.summary.median).toBeGreaterThan(1);
  });
});

describe('fit outages', () => {
  it('recovers a synthetic on/off process: exponential gaps (mean 1 h), lognormal repairs (median 10 min)', () => {
    const rng = createRng('outages');
    const gap = new ExponentialDistribution(3600);
    const repair = new LognormalDistribution(Math.log(600), 0.8);
    const records: IncidentRecord[] = [];
    let t = 0;
    const n = 3000;
    for (let i = 0; i < n; i++) {
      t += gap.sample(rng);
      const d = repair.sample(rng);
      records.push({ group: 'svc', startS: t, endS: t + d });
      t += d;
    }
    const [g] = fitOutageGroups(records);
    expect(g.incidents).toBe(n);
    expect(g.merged).toBe(0);
    const expFit = g.timeBetweenS!.candidates.find((c) => c.family === 'exponential')!.fit!;
    expect(Math.abs(expFit.params.mean - 3600)).toBeLessThan((5 * 3600) / Math.sqrt(n - 1));
    const ln = g.durationS!.candidates.find((c) => c.family === 'lognormal')!.fit!;
    expect(Math.abs(ln.params.mu - Math.log(600))).toBeLessThan((5 * 0.8) / Math.sqrt(n));
    expect(Math.abs(ln.params.sigma - 0.8)).toBeLessThan((5 * 0.8) / Math.sqrt(2 * n));
    expect(g.durationS!.best!.family).toBe('lognormal');
  });

  it('merges overlapping incidents before measuring gaps', () => {
    const [g] = fitOutageGroups([
      { group: 'a', startS: 0, endS: 10 }, { group: 'a', startS: 5, endS: 20 }, { group: 'a', startS: 20, endS: 25 },
      { group: 'a', startS: 100, endS: 110 }, { group: 'a', startS: 200, endS: 230 }, { group: 'a', startS: 330, endS: 340 },
    ]);
    expect([g.incidents, g.merged]).toEqual([4, 2]);
    expect(g.samples.durationS).toEqual([25, 10, 30, 10]);
    expect(g.samples.timeBetweenS).toEqual([75, 90, 100]);
    expect(g.availability).toBeCloseTo(1 - 75 / 340, 12);
  });

  it('GitHub status page: MTBF and MTTR agree with the raw file; the block loads as a stochastic incident', () => {
    const { incidents } = readIncidentCsv(`${UPTIME}/github-status_global-status_operator_reported.csv`);
    const [g] = fitOutageGroups(incidents);
    const span = incidents[incidents.length - 1].endS - incidents[0].startS;
    const down = incidents.reduce((s, r) => s + r.endS - r.startS, 0);
    expect(g.timeBetweenS!.summary.mean).toBeCloseTo((span - down) / (incidents.length - 1), 6);
    expect(g.durationS!.summary.mean).toBeCloseTo(down / incidents.length, 6);
    const provider = providerWith(outageYamlBlock(g));
    expect(provider.incidents).toHaveLength(1);
    expect(provider.incidents[0]).toMatchObject({ kind: 'down', timeBetweenS: { kind: expect.any(String) }, durationS: { kind: expect.any(String) } });
  });
});

describe('flowYaml', () => {
  it('round-trips through a YAML parser, wrapping long lists', () => {
    const v = { kind: 'empirical', samples: Array.from({ length: 300 }, (_, i) => i * 1.234567) };
    const text = `x: ${flowYaml(v, { indent: 3 })}`;
    expect(text.split('\n').length).toBeGreaterThan(5);
    expect(parse(text).x).toEqual({ kind: 'empirical', samples: v.samples.map((x) => Number(x.toPrecision(5))) });
    expect(parse(`y: ${flowYaml({ a: 'true', b: 'x y', c: 'gamma' })}`).y).toEqual({ a: 'true', b: 'x y', c: 'gamma' });
  });
});
