/**
 * Calibration recovers a truth we chose: an hour of requests from two providers with known
 * latency families, error rates, a token-bucket RPM limit (alpha), a TPM limit (beta) and a
 * ten-minute outage (alpha), logged as routesim request-log lines, as OTLP GenAI spans and as
 * LiteLLM StandardLoggingPayload lines and as a CSV read through a column mapping.
 * Fitted parameters' 99% bootstrap intervals must hold the true ones, error rates' 99.9%
 * Wilson intervals the true rates, RPM/TPM be within 10%, the outage window within a minute, prices
 * exact, and the backtest on the last 30% agree within the table's tolerances.
 * (One fixed seed: the checks are deterministic, not flaky at 1% / 5%.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrate, scenarioYaml, type Calibration } from '../../src/calibrate/calibrated-scenario.js';
import type { ProviderCalibration } from '../../src/calibrate/infer/calibrate-provider.js';
import { runBacktest } from '../../src/calibrate/backtest/run-backtest.js';
import { readLogs, type ReadLogsResult } from '../../src/calibrate/logs/read-logs.js';
import { CSV_COLUMNS, generateGroundTruthLog, toCsvLines, toLitellmPayloadLines, toOtlpLines, type TruthProvider } from '../support/ground-truth-log.js';
import { parseColumnMap } from '../../src/calibrate/logs/column-log-reader.js';
import { TRUTH } from './truth.js';
import { wilsonInterval } from '../../src/calibrate/infer/wilson-interval.js';

const dir = mkdtempSync(join(tmpdir(), 'routesim-calibrate-'));
type Format = 'routesim' | 'otel' | 'litellm' | 'csv';
const logs: Record<Format, { read: ReadLogsResult; cal: Calibration }> = {} as never;

beforeAll(() => {
  const records = generateGroundTruthLog(TRUTH);
  writeFileSync(join(dir, 'requests.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(join(dir, 'spans.jsonl'), toOtlpLines(records).join('\n') + '\n');
  writeFileSync(join(dir, 'litellm.jsonl'), toLitellmPayloadLines(records).join('\n') + '\n');
  writeFileSync(join(dir, 'calls.csv'), toCsvLines(records).join('\n') + '\n');
  for (const [k, f] of [['routesim', 'requests.jsonl'], ['otel', 'spans.jsonl'], ['litellm', 'litellm.jsonl'], ['csv', 'calls.csv']] as const) {
    const read = k === 'csv' ? readLogs([join(dir, f)], 'csv', parseColumnMap(CSV_COLUMNS)) : readLogs([join(dir, f)]);
    logs[k] = { read, cal: calibrate(read.requests) };
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const provider = (cal: Calibration, id: string): ProviderCalibration => cal.providers.find((p) => p.provider === id)!;

describe.each(['routesim', 'otel', 'litellm', 'csv'] as const)('calibration from the %s log', (format) => {
  it('reads every request, keeps no prompt or raw user id', () => {
    const { read } = logs[format];
    expect(read.requests.length).toBe(generateGroundTruthLog(TRUTH).length);
    if (format === 'otel') expect(read.dropped).toEqual(['enduser.id', 'gen_ai.prompt']);
    if (format === 'litellm') expect(read.dropped).toEqual(['error_str', 'messages', 'response']);
    expect(read.requests.every((r) => r.clientHash === null || !r.clientHash.startsWith('user-'))).toBe(true);
  });

  it.each(TRUTH.providers.flatMap((p) => [[p.id, 'ttftMs'], [p.id, 'msPerOutputToken']] as const))('%s %s: the true family, its parameters inside the 99%% bootstrap intervals', (id, metric) => {
    const p = provider(logs[format].cal, id);
    const truth = TRUTH.providers.find((t) => t.id === id)![metric] as unknown as { kind: string } & Record<string, number>;
    const fit = p.latency[metric]!;
    expect(fit.recommended).toBe('parametric');
    expect(fit.best!.family).toBe(truth.kind);
    const iv = p.intervals[metric]!;
    for (const [param, ci] of Object.entries(iv)) {
      expect(truth[param], `${param}`).toBeGreaterThanOrEqual(ci.lo);
      expect(truth[param], `${param}`).toBeLessThanOrEqual(ci.hi);
      // Intervals that hold the truth by being huge would prove nothing.
      expect((ci.hi - ci.lo) / truth[param]).toBeLessThan(0.1);
    }
  });

  // Three non-zero rates are checked (the four formats are the same requests; a zero rate with
  // no count is always inside): at the 95% calibrate writes, one misses by chance in one seed of
  // seven (this seed's beta connection errors did, once they were counted over every attempt
  // that reached beta). 99.9% Wilson intervals keep the family's chance miss under 0.3%.
  it.each(TRUTH.providers.map((p) => [p.id, p] as const))('%s: error rates by kind inside their 99.9%% intervals', (id, truth: TruthProvider) => {
    const e = provider(logs[format].cal, id).errors;
    for (const [est, rate] of [[e.serverErrorRate, truth.serverErrorRate], [e.timeoutRate, truth.timeoutRate], [e.connectionErrorRate, truth.connectionErrorRate]] as const) {
      const w = wilsonInterval(est.count, est.base, 3.29);
      expect(rate, `${est.count}/${est.base}`).toBeGreaterThanOrEqual(w.lo);
      expect(rate, `${est.count}/${est.base}`).toBeLessThanOrEqual(w.hi);
    }
  });

  it('alpha: RPM within 10% of 240 and no TPM; beta: TPM within 10% of 240,000 and no RPM', () => {
    const a = provider(logs[format].cal, 'alpha').rateLimits;
    const b = provider(logs[format].cal, 'beta').rateLimits;
    expect(Math.abs(a.rpm!.perMinute - 240) / 240).toBeLessThan(0.1);
    expect(a.tpm).toBeUndefined();
    expect(Math.abs(b.tpm!.perMinute - 240_000) / 240_000).toBeLessThan(0.1);
    expect(b.rpm).toBeUndefined();
  });

  it('alpha: one outage within a minute of [1800 s, 2400 s]; beta: none', () => {
    const cal = logs[format].cal;
    const w = provider(cal, 'alpha').outages.windows;
    expect(w).toHaveLength(1);
    expect(Math.abs((w[0].startMs - TRUTH.startUnixMs) / 1000 - 1800)).toBeLessThan(60);
    expect(Math.abs((w[0].endMs - TRUTH.startUnixMs) / 1000 - 2400)).toBeLessThan(60);
    expect(provider(cal, 'beta').outages.windows).toHaveLength(0);
  });

  it('prices recovered from the logged costs', () => {
    for (const t of TRUTH.providers) {
      const price = provider(logs[format].cal, t.id).prices.get(t.model)!;
      expect(price.inputUsdPerMTok).toBeCloseTo(t.inputUsdPerMTok, 6);
      expect(price.outputUsdPerMTok).toBeCloseTo(t.outputUsdPerMTok, 6);
    }
  });
});

describe('all four log formats', () => {
  it('give the same scenario', () => {
    const text = (k: Format) => scenarioYaml(logs[k].cal, logs[k].read.requests, { tracePath: 't.jsonl' });
    expect(text('otel')).toBe(text('routesim'));
    expect(text('litellm')).toBe(text('routesim'));
    expect(text('csv')).toBe(text('routesim'));
  });

  it('backtest on the last 30% under the observed router agrees within every tolerance', () => {
    const bt = runBacktest(logs.routesim.read.requests, 0.3, {});
    expect(bt.holdoutRequests).toBeGreaterThan(4000);
    expect(bt.rows.filter((r) => !r.ok)).toEqual([]);
    expect(bt.rows.map((r) => r.metric)).toEqual(['requests', 'success rate', 'latency p50 ms', 'latency p90 ms', 'latency p99 ms', 'TTFT p50 ms', 'TTFT p99 ms', 'cost USD', 'share alpha', 'share beta']);
  }, 120_000);
});
