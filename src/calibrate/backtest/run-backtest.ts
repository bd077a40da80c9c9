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
 * observed (or given) router, and compare with what the log says happened. Outage windows seen
 * while fitting are not replayed (they are over by then): an outage inside the held-out part
 * shows as a disagreement, which is the point of a backtest.
 *
 * `synthetic`: the held-out part is simulated from traffic fitted on the first part (tokens,
 * stream share, tenants) at the latest fitted arrival rate, instead of its own requests; its
 * request count is then a Poisson draw, judged within three standard deviations (3/√n).
 */
export interface BacktestResult {
  readonly fitRequests: number;
  readonly holdoutRequests: number;
  readonly cutMs: number;
  readonly rows: readonly BacktestRow[];
}

export function runBacktest(requests: readonly LoggedRequest[], holdout: number, opts: Omit<CalibrationOptions, 'tracePath' | 'synthetic'>, synthetic = false): BacktestResult {
  const t0 = requests[0].startMs;
  const cutMs = t0 + (1 - holdout) * (requests[requests.length - 1].startMs - t0);
  const fit = requests.filter((r) => r.startMs < cutMs);
  const held = requests.filter((r) => r.startMs >= cutMs);
  const cal = calibrate(fit, opts.fit);
  const heldCal = { ...cal, t0Ms: held[0].startMs, durationS: Math.max(1, Math.ceil((held[held.length - 1].startMs - held[0].startMs) / 1000) + 1) };
  const noIncidents = { ...heldCal, providers: heldCal.providers.map((p) => ({ ...p, outages: { ...p.outages, windows: [] }, outageProcess: undefined })) };
  const dir = mkdtempSync(join(tmpdir(), 'routesim-backtest-'));
  try {
    const trace = join(dir, 'holdout.trace.jsonl');
    writeFileSync(trace, [...traceLines(held)].join('\n') + '\n');
    const traffic = synthetic ? projectTraffic(inferTraffic(fit, opts.fit)) : undefined;
    const text = scenarioYaml(noIncidents, held, { ...opts, tracePath: 'holdout.trace.jsonl', synthetic: traffic });
    const scenario = parseScenarioText(text, join(dir, 'holdout.yaml'));
    const summary = runScenario(scenario);
    return { fitRequests: fit.length, holdoutRequests: held.length, cutMs, rows: backtestRows(held, summary, synthetic ? 3 / Math.sqrt(held.length) : undefined) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
