import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenarioText } from '../../config/load-scenario.js';
import { runScenario } from '../../sim/run-scenario.js';
import { calibrate, scenarioYaml, traceLines, type CalibrationOptions } from '../calibrated-scenario.js';
import { inferTraffic, projectTraffic } from '../infer/infer-traffic.js';
import type { LoggedRequest } from '../logs/logged-request.js';
import { backtestRows, type BacktestRow } from './backtest-table.js';

/**
 * `calibrate --holdout F`: calibrate on the log's first (1 − F) of time, then replay the
 * held-out requests (their arrival times and tokens) through the calibrated providers under the
 * observed (or given) router, and compare with what the log says happened. The simulation
 * starts a minute before the cut, replaying that minute of the log unmeasured (a warm-up): a
 * provider saturated at the cut has an empty rate-limit bucket then, which a simulation
 * started at the cut would fill (one minute is a bucket's full refill, routesim's and most
 * providers'). Outage windows over before the warm-up are not replayed; one still under way
 * is, from the warm-up's start. An outage inside the held-out part shows as a disagreement,
 * which is the point of a backtest.
 *
 * `synthetic`: the held-out part is simulated from traffic fitted on the first part (tokens,
 * stream share, tenants) at the latest fitted arrival rate, instead of its own requests; its
 * request count is then a Poisson draw, judged within three standard deviations (3/√n).
 */
const WARMUP_MS = 60_000;

export interface BacktestResult {
  readonly fitRequests: number;
  readonly holdoutRequests: number;
  readonly cutMs: number;
  readonly rows: readonly BacktestRow[];
}

export function runBacktest(requests: readonly LoggedRequest[], holdout: number, opts: Omit<CalibrationOptions, 'tracePath' | 'synthetic' | 'warmupS'>, synthetic = false): BacktestResult {
  const t0 = requests[0].startMs;
  const cutMs = t0 + (1 - holdout) * (requests[requests.length - 1].startMs - t0);
  const fit = requests.filter((r) => r.startMs < cutMs);
  const held = requests.filter((r) => r.startMs >= cutMs);
  const cal = calibrate(fit, opts.fit);
  // The warm-up: the log's last minute before the cut, simulated but not measured.
  const warm = requests.filter((r) => r.startMs < cutMs && r.startMs >= cutMs - WARMUP_MS);
  const replayed = [...warm, ...held];
  const startMs = replayed[0].startMs;
  const measuredFromMs = warm.length === 0 ? startMs : (warm[warm.length - 1].startMs + held[0].startMs) / 2;
  const warmupS = (measuredFromMs - startMs) / 1000;
  // The simulator counts cost when billed (an attempt's end): after the warm-up, warm-up requests' late attempts included.
  let billedUsd = 0;
  for (const r of replayed) for (const a of r.attempts) if (a.startMs + a.latencyMs >= measuredFromMs) billedUsd += a.costUsd;
  const heldCal = { ...cal, t0Ms: startMs, durationS: Math.max(1, Math.ceil((held[held.length - 1].startMs - startMs) / 1000) + 1) };
  // Outages still under way at the warm-up's start are replayed from there; earlier ones are over.
  const current = heldCal.providers.map((p) => ({
    ...p,
    outages: { ...p.outages, windows: p.outages.windows.filter((w) => w.endMs > startMs).map((w) => ({ ...w, startMs: Math.max(w.startMs, startMs) })) },
    outageProcess: undefined,
  }));
  const dir = mkdtempSync(join(tmpdir(), 'routesim-backtest-'));
  try {
    const trace = join(dir, 'holdout.trace.jsonl');
    writeFileSync(trace, [...traceLines(replayed)].join('\n') + '\n');
    const traffic = synthetic ? projectTraffic(inferTraffic(fit, opts.fit)) : undefined;
    const text = scenarioYaml({ ...heldCal, providers: current }, replayed, { ...opts, tracePath: 'holdout.trace.jsonl', synthetic: traffic, warmupS });
    const scenario = parseScenarioText(text, join(dir, 'holdout.yaml'));
    const summary = runScenario(scenario);
    return { fitRequests: fit.length, holdoutRequests: held.length, cutMs, rows: backtestRows(held, summary, synthetic ? 3 / Math.sqrt(held.length) : undefined, billedUsd) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
