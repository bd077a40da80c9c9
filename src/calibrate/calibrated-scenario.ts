import { appendAll } from '../core/bulk-array.js';
import { stringify } from 'yaml';
import { groupBy } from '../core/group-by.js';
import type { FitOptions } from './fit-candidates.js';
import { calibratedProviderYaml } from './format/calibrated-provider-yaml.js';
import { calibrateProvider, type ProviderCalibration } from './infer/calibrate-provider.js';
import type { SyntheticTraffic } from './infer/infer-traffic.js';
import { syntheticTrafficYaml } from './format/traffic-yaml.js';
import type { LoggedAttempt, LoggedRequest } from './logs/logged-request.js';
import { sortedQuantile } from './sample-quantiles.js';

/**
 * Logged requests → a scenario that replays them: the requests as a JSONL trace (arrival,
 * tokens, tenant, hashed client) or, with `synthetic`, fitted traffic distributions; one provider per logged provider with what calibration
 * inferred, and a router section (the observed one, or one given by the caller).
 */
export interface CalibrationOptions {
  readonly name?: string;
  /** The trace path as the scenario will name it (relative to the scenario file). */
  readonly tracePath: string;
  /** A router section to use instead of the one inferred from the log (e.g. --router-from). */
  readonly router?: Record<string, unknown>;
  /** Per provider id: routing attributes (weight, priority) overriding the observed shares. */
  readonly providerRouting?: ReadonlyMap<string, Record<string, number>>;
  readonly fit?: FitOptions;
  /** Lines to put at the top (sources, dropped fields, warnings). */
  readonly header?: readonly string[];
  /** `--synthetic`: fitted traffic distributions instead of the trace (tracePath is then unused). */
  readonly synthetic?: SyntheticTraffic;
  /** Requests arriving in the first warmupS seconds are simulated but not measured (a backtest's warm-up). */
  readonly warmupS?: number;
}

export interface Calibration {
  readonly providers: readonly ProviderCalibration[];
  readonly t0Ms: number;
  readonly durationS: number;
  readonly observedRouter: Record<string, unknown>;
  /** Share of first attempts per provider. */
  readonly shares: ReadonlyMap<string, number>;
}

export function calibrate(requests: readonly LoggedRequest[], fit: FitOptions = {}, timed = true): Calibration {
  const attempts: LoggedAttempt[] = [];
  for (const r of requests) for (const a of r.attempts) attempts.push(a);
  const providers = [...groupBy(attempts, (a) => a.provider)].map(([p, list]) => calibrateProvider(p, list, fit, timed));
  const firsts = groupBy(requests.filter((r) => r.attempts.length > 0), (r) => r.attempts[0].provider);
  const withAttempts = requests.filter((r) => r.attempts.length > 0).length;
  const shares = new Map([...firsts].map(([p, list]) => [p, list.length / withAttempts]));
  const t0Ms = requests[0].startMs;
  const lastMs = requests[requests.length - 1].startMs;
  return { providers, t0Ms, durationS: Math.max(1, Math.ceil((lastMs - t0Ms) / 1000) + 1), observedRouter: observedRouter(requests, attempts), shares };
}

/** The router the log shows: weighted round robin at the observed shares, the largest retry count seen, the timeout attempts hit. */
function observedRouter(requests: readonly LoggedRequest[], attempts: readonly LoggedAttempt[]): Record<string, unknown> {
  let maxRetries = 0;
  for (const r of requests) maxRetries = Math.max(maxRetries, r.attempts.filter((a) => !a.hedge).length - 1);
  const timeouts = attempts.filter((a) => a.outcome === 'timeout').map((a) => a.latencyMs).sort((a, b) => a - b);
  const router: Record<string, unknown> = { strategy: 'weighted-round-robin', retries: { maxRetries } };
  if (timeouts.length > 0) {
    const attemptMs = Math.round(sortedQuantile(timeouts, 0.5));
    router.timeouts = { attemptMs, deadlineMs: Math.max(attemptMs, Math.round(attemptMs * (maxRetries + 1) * 1.5)) };
  }
  return router;
}

export function scenarioYaml(cal: Calibration, requests: readonly LoggedRequest[], opts: CalibrationOptions): string {
  const L: string[] = ['# yaml-language-server: $schema=https://routesim.dev/scenario.schema.json'];
  for (const h of opts.header ?? []) L.push(`# ${h}`);
  L.push(`name: ${opts.name ?? 'calibrated'}`);
  L.push(`description: ${JSON.stringify(`Calibrated from ${requests.length} logged requests`)}`);
  L.push('seed: 1');
  L.push(`durationS: ${cal.durationS}`);
  appendAll(L, opts.synthetic !== undefined ? syntheticTrafficYaml(opts.synthetic) : traceTrafficYaml(requests, opts.tracePath));
  L.push('providers:');
  for (const c of cal.providers) {
    const routing = opts.providerRouting?.get(c.provider) ?? { weight: Math.max(0.001, Math.round(1000 * (cal.shares.get(c.provider) ?? 0)) / 1000) };
    appendAll(L, calibratedProviderYaml(c, { t0Ms: cal.t0Ms, routing }));
  }
  if (opts.router === undefined) L.push('# router: as observed (weights above are the shares of first attempts)');
  L.push(stringify({ router: opts.router ?? cal.observedRouter }).trimEnd());
  if (opts.warmupS !== undefined && opts.warmupS > 0) L.push(`metrics: { warmupS: ${opts.warmupS} }`);
  return L.join('\n') + '\n';
}

/** The `traffic:` block replaying the logged requests from the trace file. */
function traceTrafficYaml(requests: readonly LoggedRequest[], tracePath: string): string[] {
  const L = ['traffic:'];
  const failed = requests.filter((r) => !r.ok && r.outputTokens === 0).length;
  L.push(`  # the ${requests.length} logged requests at their logged times (stream flags and requested models are not replayed)`);
  if (failed > 0) L.push(`  # ${failed} failed requests logged no output tokens: the trace gives them the median output of the successful ones`);
  L.push('  trace:');
  L.push(`    path: ${JSON.stringify(tracePath)}`);
  L.push('    format: jsonl');
  L.push('    columns: { timestampMs: timestampMs, inputTokens: inputTokens, outputTokens: outputTokens, tenant: tenant, clientId: clientId }');
  return L;
}

/**
 * The trace file's lines: arrival, tokens, tenant and hashed client only. A failed request
 * logged no output tokens; it is given the median output of the successful ones, since the
 * replay needs the length it would have had.
 */
export function* traceLines(requests: readonly LoggedRequest[]): Generator<string> {
  const outputs = requests.filter((r) => r.ok && r.outputTokens > 0).map((r) => r.outputTokens).sort((a, b) => a - b);
  const fallback = outputs.length > 0 ? Math.round(sortedQuantile(outputs, 0.5)) : 1;
  for (const r of requests) {
    const row: Record<string, unknown> = { timestampMs: r.startMs, inputTokens: r.inputTokens, outputTokens: r.ok || r.outputTokens > 0 ? r.outputTokens : fallback };
    if (r.tenant !== null) row.tenant = r.tenant;
    if (r.clientHash !== null) row.clientId = r.clientHash;
    yield JSON.stringify(row);
  }
}
