import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoStack, routesim, routesimAsync } from './support/routesim-process.js';

/**
 * `routesim fit`, `routesim import` and the --prices-* flags as a user runs them (npm test
 * builds dist/ first): output, files written, exit code 2 for mistakes, no stack traces.
 */
const DATA = '../shared/data';
const LITELLM_TABLE = `${DATA}/litellm-model-prices/model_prices_and_context_window.2025-11-01.upstream-579843b4.json`;
const root = mkdtempSync(join(tmpdir(), 'routesim-fit-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('routesim fit', () => {
  it('fit latency --json on an llmperf file', () => {
    const r = routesim(['fit', 'latency', `${DATA}/llmperf-leaderboard/individual/groq_70b.json`, '--json']);
    expect(r.status).toBe(0);
    const [g] = JSON.parse(r.stdout);
    expect(g).toMatchObject({ group: 'groq_70b', requests: 150, succeeded: 150 });
    expect(g.ttftMs.candidates.map((c: { family: string }) => c.family).sort()).toEqual(['gamma', 'lognormal', 'weibull']);
  });

  it('fit outages writes fit.json and Q–Q charts (Vega-Lite + SVG) with --out', () => {
    const out = join(root, 'outages');
    const r = routesim(['fit', 'outages', `${DATA}/cloud-uptime-archive/github-status_global-status_operator_reported.csv`, '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('incidents:\n  - kind: down\n    timeBetweenS: {');
    const charts = readdirSync(join(out, 'charts')).sort();
    expect(charts).toEqual(['qq-github-status-global-status-durations.svg', 'qq-github-status-global-status-durations.vl.json', 'qq-github-status-global-status-timebetweens.svg', 'qq-github-status-global-status-timebetweens.vl.json']);
    expect(readFileSync(join(out, 'charts', charts[0]), 'utf8')).toMatch(/^<svg/);
    expect(JSON.parse(readFileSync(join(out, 'fit.json'), 'utf8'))[0].incidents).toBe(230);
  });

  it('fit latency (CSV and llmperf JSON) and fit outages on full-size inputs: 135k rows, no stack overflow', async () => {
    // Rows were once appended with push(...rows), which overflows V8's stack past ~100k rows.
    const ROWS = 135_000;
    const ttftS = (i: number) => 0.2 + (i % 1000) / 2000; // mean 449.75 ms over whole cycles of 1000
    const csv = ['ttft_s,tokens_per_s', ...Array.from({ length: ROWS }, (_, i) => `${ttftS(i)},${40 + (i % 7)}`)].join('\n');
    writeFileSync(join(root, 'big-latency.csv'), csv + '\n');
    const llmperf = Array.from({ length: ROWS }, (_, i) => ({ ttft_s: ttftS(i), end_to_end_latency_s: ttftS(i) + 2, number_output_tokens: 100, error_code: null }));
    writeFileSync(join(root, 'big-llmperf.json'), JSON.stringify(llmperf));
    // One service: an incident every 10,000 s lasting 100–199 s.
    const incidents = ['start_time,end_time,status,service', ...Array.from({ length: ROWS }, (_, i) => `${i * 10_000},${i * 10_000 + 100 + (i % 100)},1,svc`)];
    writeFileSync(join(root, 'big-incidents.csv'), incidents.join('\n') + '\n');
    const [latCsv, latJson, outages] = await Promise.all([
      routesimAsync(['fit', 'latency', join(root, 'big-latency.csv'), '--tokens-per-s-column', 'tokens_per_s', '--json']),
      routesimAsync(['fit', 'latency', join(root, 'big-llmperf.json'), '--json']),
      routesimAsync(['fit', 'outages', join(root, 'big-incidents.csv'), '--json']),
    ]);
    for (const r of [latCsv, latJson, outages]) {
      expectNoStack(r.stderr);
      expect(r.status, r.stderr).toBe(0);
    }
    for (const r of [latCsv, latJson]) {
      const [g] = JSON.parse(r.stdout);
      expect(g).toMatchObject({ requests: ROWS, succeeded: ROWS });
      expect(g.ttftMs.summary.n).toBe(ROWS);
      expect(g.ttftMs.summary.mean).toBeCloseTo(449.75, 6);
    }
    const [o] = JSON.parse(outages.stdout);
    expect(o).toMatchObject({ group: 'svc', incidents: ROWS });
    expect(o.timeBetweenS.summary.n).toBe(ROWS - 1);
    expect(o.durationS.summary.mean).toBeCloseTo(149.5, 6);
  });

  it('user mistakes exit 2 with the file and no stack trace', async () => {
    const cases = [
      ['fit', 'latency', join(root, 'missing.json')],
      ['fit', 'latency', `${DATA}/llmperf-leaderboard/individual/groq_70b.json`, '--group-by', 'region'],
      ['fit', 'latency', `${DATA}/llm-speed-benchmark-coder543/output.csv`, '--ttft-column', 'TTFT ms'],
      ['fit', 'outages', `${DATA}/llmperf-leaderboard/individual/groq_70b.json`],
      ['fit', 'latency', `${DATA}/llmperf-leaderboard/individual/groq_70b.json`, '--families', 'cauchy'],
    ];
    const results = await Promise.all(cases.map(routesimAsync));
    for (const [i, r] of results.entries()) {
      expect(r.status, cases[i].join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^routesim: |Run 'routesim --help'/m);
      expectNoStack(r.stderr);
    }
  });

  it('every new command has --help with an example', async () => {
    const cmds = [['fit'], ['fit', 'latency'], ['fit', 'outages'], ['import'], ['import', 'litellm']];
    const results = await Promise.all(cmds.map((c) => routesimAsync([...c, '--help'])));
    for (const r of results) {
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Examples:');
    }
  });
});

describe('routesim import litellm', () => {
  it('writes a scenario that validates, and warns on stderr', () => {
    const out = join(root, 'imported.yaml');
    const r = routesim(['import', 'litellm', 'test/fixtures/litellm/azure-openai-failover.yaml', '--prices-litellm', LITELLM_TABLE, '--out', out, '--with-fallback-groups']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^test\/fixtures\/litellm\/azure-openai-failover\.yaml:\d+:\d+: warning: router_settings\.redis_host: shared router state in Redis is not simulated/m);
    expect(r.stderr).toMatch(/wrote .*imported\.yaml: model group 'gpt-4o', 5 deployments, strategy weighted-random/);
    expect(routesim(['validate', out]).status).toBe(0);
  });

  it('a missing config or an unknown group exits 2', () => {
    const missing = routesim(['import', 'litellm', join(root, 'nope.yaml')]);
    expect([missing.status, missing.stderr]).toEqual([2, expect.stringContaining('nope.yaml: file not found')]);
    const group = routesim(['import', 'litellm', 'test/fixtures/litellm/azure-openai-failover.yaml', '--model-group', 'gpt4o']);
    expect(group.status).toBe(2);
    expect(group.stderr).toContain("no model group 'gpt4o'");
  });

  it('a device instead of a file (/dev/zero) is refused with exit 2, for import and fit alike (it used to be read until memory ran out)', () => {
    for (const args of [['import', 'litellm', '/dev/zero'], ['fit', 'latency', '/dev/zero'], ['fit', 'latency', '/dev/zero', '--format', 'csv']]) {
      const r = routesim(args);
      expect([r.status, r.stderr]).toEqual([2, 'routesim: /dev/zero: is not a regular file\n']);
    }
  });
});

describe('--prices-litellm / --prices-genai on scenario commands', () => {
  const scenario = join(root, 'priced.yaml');
  writeFileSync(scenario, `name: priced\ndurationS: 30\ntraffic: { arrivals: { kind: poisson, ratePerS: 2 } }\nproviders:\n  - id: p\n    models: [{ id: m, pricing: { from: litellm, model: gpt-4o-mini } }]\n`);

  it('validate and run resolve prices from the flag', () => {
    expect(routesim(['validate', scenario, '--prices-litellm', LITELLM_TABLE]).status).toBe(0);
    const run = routesim(['run', scenario, '--prices-litellm', LITELLM_TABLE, '--json']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).costUsd.total).toBeGreaterThan(0);
  });

  it('without a table, or with a missing one, the scenario error names the field and the flag', () => {
    const none = routesim(['validate', scenario]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/priced\.yaml:6:\d+: providers\[0\]\.models\[0\]\.pricing\.from: no LiteLLM price table given/);
    const missing = routesim(['validate', scenario, '--prices-litellm', join(root, 'gone.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('gone.json: price table not found (--prices-litellm)');
    expect(existsSync(join(root, 'gone.json'))).toBe(false);
  });
});
