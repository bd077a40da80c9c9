import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeFailure } from '../src/cli/user-error.js';
import { applyOnBadRow } from '../src/cli/on-bad-row-option.js';
import { parseScenarioText } from '../src/config/load-scenario.js';
import { runScenario } from '../src/sim/run-scenario.js';
import { estimateEvents } from '../src/sim/estimate-events.js';
import { TraceRowError } from '../src/sim/traffic/trace/trace-errors.js';

/**
 * Trace replay end to end: scenarios that point at the real traces in ../shared/data, the
 * prefix cache's billing and TTFT against analytic oracles, and prefix-affinity routing
 * against round robin on the same (paired) Mooncake traffic.
 */
const DATA = resolve('../shared/data');
const MOONCAKE = join(DATA, 'mooncake-fast25/conversation_trace.jsonl');
const tmp = mkdtempSync(join(tmpdir(), 'routesim-real-traffic-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function scenario(yaml: string, name = 'scenario.yaml') {
  return parseScenarioText(yaml, join(tmp, name));
}

const provider = (id: string, extra = '') => `
  - id: ${id}
    models: [{ id: m, inputUsdPerMTok: 3, outputUsdPerMTok: 15, cachedInputUsdPerMTok: 0.3, contextWindowTokens: 1000000 }]
    latency: { ttftMs: 200, ttftMsPerInputToken: 0.05, msPerOutputToken: 1 }
    prefixCache: { capacityBlocks: ${extra || 200000} }`;

describe('trace replay through runScenario', () => {
  it('resolves the trace path against the scenario file and reports the replay in the RunSummary', () => {
    const s = scenario(`
name: azure
durationS: 3600
traffic:
  trace: { path: ${join(DATA, 'azure-llm-inference-2023/AzureLLMInferenceTrace_code.csv')}, format: azure }
providers:
  - id: p
    models: [{ id: m, contextWindowTokens: 1000000 }]
    latency: { ttftMs: 100, msPerOutputToken: 1 }
`);
    const run = runScenario(s, { strategy: 'round-robin' });
    expect(run.requests.total).toBe(8819);
    expect(run.tokens.input).toBe(18_059_974);
    expect(run.trace).toEqual({ file: expect.stringContaining('AzureLLMInferenceTrace_code.csv'), format: 'azure', requests: 8819, badRowsSkipped: 0, passes: 1 });
    expect(run.prefixCache).toBeUndefined();
  });

  it('a relative path is relative to the scenario file; a missing one is a ScenarioError at load', () => {
    writeFileSync(join(tmp, 'two.csv'), 't,i,o\n0,10,1\n500,20,2\n');
    const s = scenario(`
name: rel
durationS: 10
traffic:
  trace: { path: two.csv, format: csv, columns: { timestampMs: t, inputTokens: i, outputTokens: o } }
providers: [{ id: p, models: [{ id: m }] }]
`);
    expect(s.traffic.trace!.path).toBe(join(tmp, 'two.csv'));
    expect(runScenario(s).requests.total).toBe(2);
    expect(() => scenario(`
name: missing
durationS: 10
traffic: { trace: { path: nope.csv, format: azure } }
providers: [{ id: p, models: [{ id: m }] }]
`)).toThrow(/traffic\.trace\.path.*file not found/s);
  });

  it('the --max-events estimate counts a trace\'s rows from its size (±25%) and ServeGen\'s expected requests', () => {
    const mk = (traffic: string) => scenario(`name: e\ndurationS: 3600\ntraffic: ${traffic}\nproviders: [{ id: p, models: [{ id: m }] }]\nrouter: { activeHealthCheck: false }\n`);
    const perRequest = estimateEvents(mk('{ arrivals: { kind: poisson, ratePerS: 1 } }')) / 3600;
    const trace = estimateEvents(mk(`{ trace: { path: ${MOONCAKE}, format: mooncake } }`)) / perRequest;
    expect(trace / 12_031).toBeGreaterThan(0.75);
    expect(trace / 12_031).toBeLessThan(1.25);
    const s = mk(`{ servegen: { path: ${join(DATA, 'servegen/reason/deepseek-r1')}, clients: 3 } }`);
    const sg = estimateEvents(s) / perRequest;
    const generated = runScenario(s, { strategy: 'round-robin' }).requests.total;
    expect(Math.abs(sg - generated) / generated).toBeLessThan(0.1);
  });

  it('exactly one of arrivals, trace, servegen', () => {
    const base = (traffic: string) => `name: x\ndurationS: 10\ntraffic: ${traffic}\nproviders: [{ id: p, models: [{ id: m }] }]\n`;
    expect(() => scenario(base('{ inputTokens: 5 }'))).toThrow(/needs one of arrivals, trace or servegen/);
    writeFileSync(join(tmp, 't.csv'), 't,i,o\n0,1,1\n');
    expect(() => scenario(base('{ arrivals: { kind: poisson, ratePerS: 1 }, trace: { path: t.csv, format: azure } }'))).toThrow(/give only one of arrivals, trace, servegen/);
    expect(() => scenario(base('{ trace: { path: t.csv, format: csv } }'))).toThrow(/needs columns/);
  });

  it('a malformed row fails the run with file:line (exit 2), or is skipped and counted (--on-bad-row skip)', () => {
    writeFileSync(join(tmp, 'bad.jsonl'), '{"timestamp": 0, "input_length": 5, "output_length": 1}\n{"timestamp": 10, "input_length": "x", "output_length": 1}\n{"timestamp": 20, "input_length": 7, "output_length": 1}\n');
    const s = scenario(`
name: bad
durationS: 10
traffic: { trace: { path: bad.jsonl, format: mooncake } }
providers: [{ id: p, models: [{ id: m }] }]
`);
    let err: unknown;
    try {
      runScenario(s);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TraceRowError);
    const failure = describeFailure(err);
    expect(failure.exitCode).toBe(2);
    expect(failure.message).toMatch(/bad\.jsonl:2: input_length must be a whole number >= 0, got 'x'/);
    const run = runScenario(applyOnBadRow(s, 'skip'));
    expect(run.requests.total).toBe(2);
    expect(run.trace!.badRowsSkipped).toBe(1);
    expect(applyOnBadRow(s, undefined)).toBe(s);
  });
});

describe('prefix cache: billing and TTFT against oracles', () => {
  it('one provider, cache larger than the trace: hits, cached tokens and cost match an independent replay', () => {
    const s = scenario(`
name: mooncake-one
durationS: 3600
traffic: { trace: { path: ${MOONCAKE}, format: mooncake } }
providers:${provider('p', '200000')}
router: { timeouts: { attemptMs: 600000, deadlineMs: 600000 } }
`);
    const run = runScenario(s, { strategy: 'round-robin' });
    // Oracle: with unlimited concurrency every request starts at its arrival, in trace order.
    const rows = readFileSync(MOONCAKE, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { input_length: number; output_length: number; hash_ids: number[] });
    const seen = new Set<number>();
    let hit = 0, looked = 0, cachedTokens = 0, costMicro = 0;
    for (const r of rows) {
      let k = 0;
      while (k < r.hash_ids.length && seen.has(r.hash_ids[k])) k++;
      for (const h of r.hash_ids) seen.add(h);
      const cached = Math.min(k * 512, r.input_length);
      hit += k;
      looked += r.hash_ids.length;
      cachedTokens += cached;
      costMicro += (r.input_length - cached) * 3 + cached * 0.3 + r.output_length * 15;
    }
    expect(run.requests.succeeded).toBe(12_031);
    const pc = run.prefixCache![0];
    expect(pc).toMatchObject({ providerId: 'p', lookups: 12_031, blocksLookedUp: looked, blocksHit: hit, cachedInputTokens: cachedTokens });
    expect(pc.hitRate).toBeCloseTo(0.3664, 4); // the trace's ideal (infinite cache) block hit rate
    expect(run.costUsd.total).toBeCloseTo(costMicro / 1e6, 6);
  });

  it('TTFT: the prefill part shrinks by the cached share (× ttftSavingFraction)', () => {
    writeFileSync(join(tmp, 'twice.jsonl'), '{"timestamp": 0, "input_length": 2000, "output_length": 1, "hash_ids": [1, 2, 3, 4]}\n{"timestamp": 1000, "input_length": 2000, "output_length": 1, "hash_ids": [1, 2, 3, 9]}\n');
    const s = scenario(`
name: twice
durationS: 10
traffic: { trace: { path: twice.jsonl, format: mooncake } }
providers:
  - id: p
    models: [{ id: m, inputUsdPerMTok: 1 }]
    latency: { ttftMs: 100, ttftMsPerInputToken: 0.1, msPerOutputToken: 0 }
    prefixCache: { capacityBlocks: 100, ttftSavingFraction: 0.5 }
`);
    const run = runScenario(s);
    // First: 100 + 0.1·2000 = 300 ms. Second: 3 blocks = 1536 cached, half of their prefill saved:
    // 100 + 0.1·(2000 − 0.5·1536) = 223.2 ms. Cached tokens bill at the input price (no cached price).
    expect(run.ttftMs.max).toBeCloseTo(300, 0);
    expect(run.ttftMs.mean).toBeCloseTo((300 + 223.2) / 2, 1);
    expect(run.prefixCache![0].cachedInputTokens).toBe(1536);
    expect(run.costUsd.total).toBeCloseTo(4000 / 1e6, 12);
  });
});

describe('prefix-affinity vs round robin on the Mooncake trace (paired: same traffic, same seed)', () => {
  const s = scenario(`
name: affinity
durationS: 1200
traffic: { trace: { path: ${MOONCAKE}, format: mooncake, endS: 1200 } }
providers:${provider('a', '12000')}${provider('b', '12000')}${provider('c', '12000')}${provider('d', '12000')}
router: { timeouts: { attemptMs: 600000, deadlineMs: 600000 } }
`);
  const rr = runScenario(s, { strategy: 'round-robin' });
  const pa = runScenario(s, { strategy: 'prefix-affinity' });
  const rate = (r: typeof rr) => {
    const blocks = r.prefixCache!.reduce((n, p) => n + p.blocksLookedUp, 0);
    return r.prefixCache!.reduce((n, p) => n + p.blocksHit, 0) / blocks;
  };

  it('same requests in both runs', () => {
    expect(pa.requests.total).toBe(rr.requests.total);
    expect(pa.tokens.input).toBe(rr.tokens.input);
    expect(pa.requests.succeeded).toBe(pa.requests.total);
  });

  it('raises the cache hit rate, cuts cost and prefill time, without hot-spotting', () => {
    const hitRr = rate(rr), hitPa = rate(pa);
    expect(hitPa).toBeGreaterThan(hitRr + 0.1);
    expect(pa.costUsd.total).toBeLessThan(rr.costUsd.total);
    expect(pa.ttftMs.mean).toBeLessThan(rr.ttftMs.mean);
    // Bounded loads: no deployment takes the lion's share (round robin gives 25% each).
    for (const d of pa.deployments) expect(d.share).toBeLessThan(0.4);
  });
});
