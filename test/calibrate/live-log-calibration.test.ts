/**
 * Calibration's ground truth, live: the real gateway (its router, transport and request log)
 * in front of emulated providers whose scenario we wrote (live-truth.ts: lognormal and gamma
 * TTFTs, gamma and lognormal per-token times, 3% 5xx, 2% connection errors, an RPM limit of
 * 180 on alpha and a TPM limit of 30,000 on beta, one minute down), driven open-loop by the load replayer at time scale k = 10 on
 * loopback (150 scenario s: 15 s of wall time, whatever the machine's load); then
 * `calibrate` reads the gateway's JSONL request log (`--time-scale 10`) and must give the
 * truth back, and the same scenario from the same requests exported as OTel GenAI spans.
 *
 * What the emulation at k distorts, and how the checks allow for it: the log's durations are
 * the router's clock in scenario ms, so every real delay the emulation adds (the gateway ↔
 * provider hop, the emulated provider's timers firing late, the SSE parsing) reaches the log
 * multiplied by k. That distortion is measured in the same run, attempt by attempt: the
 * emulated provider draws the simulator's luck for each (request, attempt), so the log's
 * attempt latency minus the simulator's for the same attempt is exactly what the emulation
 * added. The fitted latency quantiles must then lie within the 99% bootstrap intervals
 * shifted by at most that distortion's 1st..99th percentiles (a TTFT gains at most what the
 * whole attempt gained; a per-token time at most that over its output tokens); the family
 * is not asserted (KS on a distorted sample rejects families on a loaded machine). An attempt's
 * time in the log is when the gateway sent it; it reaches the provider a hop × k later, so an
 * outage's edges blur by the same distortion (windows closer than its p99 are one outage).
 * Arrival times are wall-clock (×k by --time-scale): they carry the gateway's lateness × k,
 * far below the minute limits and outages are read in. The distortion on a quiet machine:
 * p50 5–20 ms, p99 100–300 ms; with a second run beside it: p50 ~300 ms, p99 2.4–3 s.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runBacktest } from '../../src/calibrate/backtest/run-backtest.js';
import type { BacktestRow } from '../../src/calibrate/backtest/backtest-table.js';
import { calibrate, scenarioYaml, type Calibration } from '../../src/calibrate/calibrated-scenario.js';
import type { ProviderCalibration } from '../../src/calibrate/infer/calibrate-provider.js';
import type { LoggedRequest } from '../../src/calibrate/logs/logged-request.js';
import { readLogs } from '../../src/calibrate/logs/read-logs.js';
import { rescaleArrivals } from '../../src/calibrate/logs/rescale-arrivals.js';
import { sortedQuantile } from '../../src/calibrate/sample-quantiles.js';
import { parseScenarioText } from '../../src/config/load-scenario.js';
import { runLive } from '../../src/live/compare/live-run.js';
import { parseRequestLogLine, RequestLogWriter } from '../../src/live/request-log/request-log-record.js';
import type { AttemptRecord } from '../../src/routing/explain.js';
import { runScenario } from '../../src/sim/run-scenario.js';
import { familyQuantile, quantileRange, sampleQuantileRange } from '../support/spec-quantile.js';
import type { FamilyName } from '../../src/calibrate/fitted-distribution.js';
import { bootstrapParamIntervals } from '../../src/calibrate/infer/param-intervals.js';
import { wilsonInterval } from '../../src/calibrate/infer/wilson-interval.js';
import { LIVE_TRUTH, LIVE_TRUTH_SCENARIO } from './live-truth.js';
import { toOtlpLines } from '../support/ground-truth-log.js';
import { liveBacktestTolerance } from './live-backtest-tolerance.js';

const K = 10;
const dir = mkdtempSync(join(tmpdir(), 'routesim-live-calibrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let simTotal = 0;
let otelScenario = '';
let requests: LoggedRequest[] = [];
let cal: Calibration;
/** Scenario ms the emulation added to successful attempts (log − simulator, same attempt), and the same over output tokens. */
const added = { latencyMs: [] as number[], perTokenMs: [] as number[] };

beforeAll(async () => {
  const scenario = parseScenarioText(LIVE_TRUTH_SCENARIO, 'live-truth.yaml');
  const simAttempts = new Map<string, AttemptRecord>();
  const sim = runScenario(scenario, {
    seed: String(scenario.seed),
    explain: { wants: () => true, decision: () => {}, attempt: (a) => void simAttempts.set(`${a.requestId}/${a.attemptNo}`, a), finished: () => {} },
  });
  simTotal = sim.requests.total;
  const logPath = join(dir, 'requests.jsonl');
  const log = new RequestLogWriter(logPath);
  try {
    await runLive({
      scenario, strategy: scenario.router.strategy, seed: String(scenario.seed), timeScale: K, minChunkIntervalMs: 20,
      unixNowMs: () => performance.timeOrigin + performance.now(), epochMs: performance.now(), requestLog: log,
    });
  } finally {
    log.close();
  }
  const read = readLogs([logPath]);
  requests = rescaleArrivals(read.requests, K);
  cal = calibrate(requests);
  // Request ids in the log are the simulator's (the load replayer sends them): attempts join on (id, attempt).
  const records = readFileSync(logPath, 'utf8').split('\n').filter((l) => l !== '').map(parseRequestLogLine);
  for (const rec of records) {
    for (const a of rec.attempts) {
      const s = simAttempts.get(`${rec.requestId}/${a.attemptNo}`);
      if (a.outcome !== 'success' || s?.kind !== 'success' || s.deploymentId !== a.deployment) continue;
      added.latencyMs.push(a.latencyMs - s.latencyMs);
      added.perTokenMs.push(Math.abs(a.latencyMs - s.latencyMs) / Math.max(1, a['gen_ai.usage.output_tokens']));
    }
  }
  for (const xs of Object.values(added)) xs.sort((a, b) => a - b);
  // The same requests as OpenTelemetry GenAI spans (OTLP JSON), as a collector behind the gateway would export them.
  const spansPath = join(dir, 'spans.jsonl');
  writeFileSync(spansPath, toOtlpLines(records).join('\n') + '\n');
  const spans = rescaleArrivals(readLogs([spansPath]).requests, K);
  otelScenario = scenarioYaml(calibrate(spans), spans, { tracePath: 't.jsonl' });
  if (process.env.ROUTESIM_PRINT_RECOVERY) printRecovery();
}, 90_000);

/** The recovered-vs-true table (for the README), printed when ROUTESIM_PRINT_RECOVERY is set. */
function printRecovery(): void {
  const lines = [`distortion (scenario ms added per attempt, n ${added.latencyMs.length}): p1 ${q(added.latencyMs, 0.01).toFixed(1)}, p50 ${q(added.latencyMs, 0.5).toFixed(1)}, p99 ${q(added.latencyMs, 0.99).toFixed(1)}`];
  for (const p of cal.providers) {
    for (const m of ['ttftMs', 'msPerOutputToken'] as const) {
      const f = p.latency[m]!;
      const iv = Object.entries(p.intervals[m] ?? {}).map(([k, v]) => `${k} ${v.estimate.toPrecision(4)} [${v.lo.toPrecision(4)}, ${v.hi.toPrecision(4)}]`).join(', ');
      lines.push(`${p.provider} ${m} (n ${f.summary.n}): ${f.best!.family} ${iv}; KS p ${f.best!.ks!.pValue.toPrecision(2)}`);
    }
    const e = p.errors;
    const ci = (r: { rate: number; lo: number; hi: number }) => `${r.rate.toFixed(4)} [${r.lo.toFixed(4)}, ${r.hi.toFixed(4)}]`;
    const rpm = p.rateLimits.rpm;
    const windows = p.outages.windows.map((w) => `${((w.startMs - requests[0].startMs) / 1000).toFixed(1)}–${((w.endMs - requests[0].startMs) / 1000).toFixed(1)} s`);
    lines.push(`${p.provider} errors: 5xx ${ci(e.serverErrorRate)}, connection ${ci(e.connectionErrorRate)}`);
    const tpm = p.rateLimits.tpm;
    lines.push(`${p.provider} rpm ${rpm ? `${rpm.perMinute} (${rpm.minutes} saturated min, agreement ${rpm.agreement.toFixed(3)}, CI ${rpm.lo}..${rpm.hi}, timing sd ${rpm.timingSdMs} ms)` : '-'}, tpm ${tpm ? `${tpm.perMinute} (${tpm.minutes} saturated min, agreement ${tpm.agreement.toFixed(3)}, CI ${tpm.lo}..${tpm.hi}, timing sd ${tpm.timingSdMs} ms)` : '-'}${p.rateLimits.note ? ` (${p.rateLimits.note})` : ''}; outages ${windows.join(', ') || 'none'}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

const provider = (id: string): ProviderCalibration => cal.providers.find((p) => p.provider === id)!;
const q = (sorted: readonly number[], p: number) => sortedQuantile(sorted, p);

type Metric = 'ttftMs' | 'msPerOutputToken';
const METRICS = (['alpha', 'beta'] as const).flatMap((id) => (['ttftMs', 'msPerOutputToken'] as const).map((m) => [id, m] as const));

describe(`calibrate from the live gateway's request log (k = ${K})`, () => {
  it('the log holds every request the simulator made, on the same attempts', () => {
    expect(requests).toHaveLength(simTotal);
    // Attempts on the same deployment in both (weighted round robin's turn can differ after a
    // retry lands at another moment): each met the same luck, so their difference is the emulation's.
    expect(added.latencyMs.length).toBeGreaterThan(300);
  });

  it.each(METRICS)('%s %s: quantiles of the true family fitted, and of what calibrate wrote, within their 99%% intervals shifted by the measured distortion', (id, metric: Metric) => {
    const truth = LIVE_TRUTH[id][metric] as unknown as { readonly kind: FamilyName } & Readonly<Record<string, number>>;
    const fit = provider(id).latency[metric]!;
    // The family is not asserted here: KS tests the distorted sample, and on a loaded machine the
    // distortion alone rejects a family (beta's per-token lognormal at p 4e-6 with a 3 s p99
    // distortion). calibrate-recovery checks families on undistorted logs.
    const trueFamily = fit.candidates.find((c) => c.family === truth.kind)!;
    // A TTFT gains at most what its whole attempt gained; a per-token time at most that over its tokens.
    const [lo, hi] = metric === 'ttftMs' ? [Math.min(0, q(added.latencyMs, 0.01)), q(added.latencyMs, 0.99)] : [-q(added.perTokenMs, 0.99), q(added.perTokenMs, 0.99)];
    const trueBox = bootstrapParamIntervals({ ...fit, best: trueFamily }, `${id}/${metric}/true-family`)!;
    // What calibrate wrote: its family's bootstrap box, or (empirical) the sample's rank intervals.
    const written = (p: number): [number, number] => (fit.recommended === 'parametric' ? quantileRange(fit.best!.family, provider(id).intervals[metric]!, p) : sampleQuantileRange(fit.sorted, p, 2.576));
    const ranges: [string, (p: number) => [number, number]][] = [[`true family ${truth.kind}`, (p) => quantileRange(truth.kind, trueBox, p)], [`written ${fit.recommended === 'parametric' ? fit.best!.family : 'empirical'}`, written]];
    for (const [what, range] of ranges) {
      for (const p of [0.1, 0.25, 0.5, 0.75, 0.9]) {
        const [fLo, fHi] = range(p);
        // The p-quantile of T + d, for d within [lo, hi] on all but 1% of attempts, lies within these.
        const tLo = familyQuantile(truth.kind, truth, p - 0.01) + lo;
        const tHi = familyQuantile(truth.kind, truth, p + 0.01) + hi;
        const msg = `${what} p${p * 100}: fitted ${fLo.toFixed(2)}..${fHi.toFixed(2)} vs truth ${tLo.toFixed(2)}..${tHi.toFixed(2)}`;
        expect(fHi, msg).toBeGreaterThanOrEqual(tLo);
        expect(fLo, msg).toBeLessThanOrEqual(tHi);
      }
    }
  });

  it('the same requests as OTel GenAI spans give the same scenario', () => {
    expect(otelScenario).toBe(scenarioYaml(cal, requests, { tracePath: 't.jsonl' }));
  });

  it('error rates by kind inside their 99.9% intervals; kinds never produced never counted', () => {
    const a = provider('alpha').errors;
    const b = provider('beta').errors;
    // 99.9% Wilson intervals (calibrate writes 95% ones): which attempts happen varies with the machine's timing.
    for (const [est, rate] of [[a.serverErrorRate, LIVE_TRUTH.alpha.serverErrorRate], [b.connectionErrorRate, LIVE_TRUTH.beta.connectionErrorRate]] as const) {
      const w = wilsonInterval(est.count, est.base, 3.29);
      expect(rate).toBeGreaterThanOrEqual(w.lo);
      expect(rate).toBeLessThanOrEqual(w.hi);
    }
    // Kinds a provider never produces are never counted (not one misread connection reset or timeout).
    for (const est of [a.connectionErrorRate, a.timeoutRate, b.serverErrorRate, b.timeoutRate]) expect(est.count).toBe(0);
  });

  it(`alpha: RPM within 10% of ${LIVE_TRUTH.alpha.rpm}, no TPM; beta: TPM within 10% of ${LIVE_TRUTH.beta.tpm}, no RPM`, () => {
    const a = provider('alpha').rateLimits;
    expect(Math.abs(a.rpm!.perMinute - LIVE_TRUTH.alpha.rpm) / LIVE_TRUTH.alpha.rpm).toBeLessThan(0.1);
    expect(a.tpm).toBeUndefined();
    const b = provider('beta').rateLimits;
    expect(Math.abs(b.tpm!.perMinute - LIVE_TRUTH.beta.tpm) / LIVE_TRUTH.beta.tpm).toBeLessThan(0.1);
    expect(b.rpm).toBeUndefined();
  });

  it('beta: one outage, its start and end within one scenario minute; alpha: none', () => {
    // An attempt logged as sent just before the outage's end can reach the provider after it
    // (the hop × k) and succeed, splitting the run: windows closer than the measured
    // distortion's p99 are one outage as the provider saw it.
    const w: { startMs: number; endMs: number }[] = [];
    for (const x of provider('beta').outages.windows) {
      const last = w[w.length - 1];
      if (last !== undefined && x.startMs - last.endMs <= Math.max(0, q(added.latencyMs, 0.99))) last.endMs = x.endMs;
      else w.push({ startMs: x.startMs, endMs: x.endMs });
    }
    expect(w).toHaveLength(1);
    const t0 = requests[0].startMs;
    expect(Math.abs((w[0].startMs - t0) / 1000 - LIVE_TRUTH.beta.outage.startS)).toBeLessThan(60);
    expect(Math.abs((w[0].endMs - t0) / 1000 - LIVE_TRUTH.beta.outage.endS)).toBeLessThan(60);
    expect(provider('alpha').outages.windows).toHaveLength(0);
  });

  it('backtest on the last 30%: every row within the live-agreement target, or the 99.9% sampling interval where the held-out sample is too small for it', () => {
    // The router the gateway ran (as --router-from gives it): the log alone shows shares, not the retry budget.
    const router = (parse(LIVE_TRUTH_SCENARIO) as { router: Record<string, unknown> }).router;
    const providerRouting = new Map([['alpha', { weight: 3 }], ['beta', { weight: 2 }]]);
    const bt = runBacktest(requests, 0.3, { router, providerRouting });
    const held = requests.filter((r) => r.startMs >= bt.cutMs);
    const judged = bt.rows.map((r: BacktestRow) => ({ ...r, allowed: liveBacktestTolerance(r, held, q(added.latencyMs, 0.99) - q(added.latencyMs, 0.01)) }));
    if (process.env.ROUTESIM_PRINT_RECOVERY) process.stdout.write(judged.map((r) => `${r.metric}: observed ${r.observed.toPrecision(4)}, simulated ${r.simulated.toPrecision(4)}, allowed ±${r.allowed.toPrecision(3)}`).join('\n') + '\n');
    for (const r of judged) expect(Math.abs(r.simulated - r.observed), `${r.metric}: observed ${r.observed}, simulated ${r.simulated}, allowed ${r.allowed}`).toBeLessThanOrEqual(r.allowed);
  }, 60_000);
});
