/**
 * `calibrate --synthetic` recovers traffic we chose: piecewise Poisson arrivals (the
 * calibration truth's 3 → 9 → 3 → 9 → 3 requests/s) come back as piecewise rates with every
 * change within one bin and every true rate inside its segment's 99% interval; a stationary
 * Poisson log comes back as one Poisson rate (its dispersion test not rejecting); lognormal
 * input and output lengths come back as lognormal with the true parameters inside their 99%
 * bootstrap intervals; the stream share and the tenant mix inside their 95% intervals; the
 * scenario loads; and a synthetic backtest (--holdout) agrees within every tolerance.
 * (Fixed seeds: deterministic checks.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/config/load-scenario.js';
import { runBacktest } from '../../src/calibrate/backtest/run-backtest.js';
import { calibrate, scenarioYaml } from '../../src/calibrate/calibrated-scenario.js';
import { inferTraffic, type TokenFit } from '../../src/calibrate/infer/infer-traffic.js';
import { wilsonInterval } from '../../src/calibrate/infer/wilson-interval.js';
import { readLogs } from '../../src/calibrate/logs/read-logs.js';
import type { LoggedRequest } from '../../src/calibrate/logs/logged-request.js';
import { generateGroundTruthLog, type Truth } from '../support/ground-truth-log.js';
import { TRUTH } from './truth.js';

const dir = mkdtempSync(join(tmpdir(), 'routesim-synthetic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function logOf(t: Truth): LoggedRequest[] {
  const file = join(dir, `${t.seed}.jsonl`);
  writeFileSync(file, generateGroundTruthLog(t).map((r) => JSON.stringify(r)).join('\n') + '\n');
  return readLogs([file]).requests;
}

/** One hour-long Poisson rate, providers without the outage (a backtest replays none). */
const STATIONARY: Truth = {
  ...TRUTH,
  seed: 'synthetic-stationary',
  arrivals: [{ untilS: 1800, ratePerS: 4 }],
  providers: TRUTH.providers.map(({ outage: _, ...p }) => p),
};

function expectTokens(fit: TokenFit | undefined, truth: { kind: string; mu: number; sigma: number }): void {
  expect(fit!.fit.recommended).toBe('parametric');
  expect(fit!.fit.best!.family).toBe(truth.kind);
  for (const [param, ci] of Object.entries(fit!.intervals!)) {
    const t = truth[param as 'mu' | 'sigma'];
    expect(t, param).toBeGreaterThanOrEqual(ci.lo);
    expect(t, param).toBeLessThanOrEqual(ci.hi);
    expect((ci.hi - ci.lo) / t, `${param} interval width`).toBeLessThan(0.1);
  }
}

describe('calibrate --synthetic', () => {
  const piecewise = logOf(TRUTH);
  const traffic = inferTraffic(piecewise);

  it('piecewise arrivals: five rates, each change within one bin of the truth, each true rate in its 99% interval', () => {
    const a = traffic.arrivals;
    expect(a.kind).toBe('piecewise');
    expect(a.overall!.pValue).toBeLessThan(1e-6);
    // Within the segments the counts are Poisson again.
    expect(a.within!.pValue).toBeGreaterThan(0.01);
    expect(a.segments).toHaveLength(TRUTH.arrivals.length);
    a.segments.forEach((s, i) => {
      const truth = TRUTH.arrivals[i];
      if (i < a.segments.length - 1) expect(Math.abs(s.untilS - truth.untilS)).toBeLessThanOrEqual(a.binS);
      expect(truth.ratePerS).toBeGreaterThanOrEqual(s.lo);
      expect(truth.ratePerS).toBeLessThanOrEqual(s.hi);
    });
  });

  it('token lengths: lognormal, the true parameters inside the 99% bootstrap intervals', () => {
    expectTokens(traffic.inputTokens, TRUTH.inputTokens as { kind: string; mu: number; sigma: number });
    expectTokens(traffic.outputTokens, TRUTH.outputTokens as { kind: string; mu: number; sigma: number });
  });

  it('stream share and tenant mix inside their 95% intervals', () => {
    expect(traffic.stream.rate).toBe(1);
    const n = piecewise.length;
    for (const t of TRUTH.tenants) {
      const w = wilsonInterval(traffic.tenants!.get(t)!, n);
      expect(1 / TRUTH.tenants.length).toBeGreaterThanOrEqual(w.lo);
      expect(1 / TRUTH.tenants.length).toBeLessThanOrEqual(w.hi);
    }
  });

  it('writes a scenario that loads, with a comment for every fitted value', () => {
    const text = scenarioYaml(calibrate(piecewise), piecewise, { tracePath: 'unused.jsonl', synthetic: traffic });
    const scenario = parseScenarioText(text, join(dir, 'synthetic.yaml'));
    expect(scenario.traffic.trace).toBeUndefined();
    expect(scenario.traffic.arrivals!.kind).toBe('piecewise');
    expect(text).not.toContain('trace:');
    const block = text.slice(text.indexOf('traffic:'), text.indexOf('providers:')).split('\n');
    // Every value line follows a comment line (its observations and uncertainty).
    for (const [i, line] of block.entries()) if (/^\s+(- \{ untilS|inputTokens|outputTokens|streamFraction|tenants|arrivals: \{)/.test(line)) expect(block[i - 1], line).toMatch(/^\s+#/);
  });

  it('a stationary log: one Poisson rate, the true rate inside its 99% interval', () => {
    const a = inferTraffic(logOf(STATIONARY)).arrivals;
    expect(a.kind).toBe('poisson');
    expect(a.overall!.pValue).toBeGreaterThan(0.01);
    expect(a.segments).toHaveLength(1);
    expect(4).toBeGreaterThanOrEqual(a.segments[0].lo);
    expect(4).toBeLessThanOrEqual(a.segments[0].hi);
    expect(a.segments[0].hi / a.segments[0].lo).toBeLessThan(1.1);
  });

  it('backtest with --synthetic on the last 30% agrees within every tolerance', () => {
    const bt = runBacktest(logOf(STATIONARY), 0.3, {}, true);
    expect(bt.holdoutRequests).toBeGreaterThan(2000);
    expect(bt.rows.filter((r) => !r.ok)).toEqual([]);
    const requests = bt.rows.find((r) => r.metric === 'requests')!;
    // Fitted arrivals: a Poisson count, not the logged requests one by one.
    expect(requests.simulated).not.toBe(requests.observed);
  }, 120_000);
});
